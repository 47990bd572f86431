namespace ExtProcRouter.IntentModel.Tokenizer;

/// <summary>
/// Fits token sequences to the encoder's window. Two strategies, to be chosen by measurement: keep the head
/// and the tail (users frame the task first and often put the actual ask after a long paste), or cut the
/// sequence into windows whose embeddings the encoder averages.
/// </summary>
public static class TokenWindow
{
    /// <summary>Universal Sentence Encoder Lite reads at most 128 tokens.</summary>
    public const int DefaultSize = 128;

    /// <summary>
    /// Returns <paramref name="ids"/> when it fits, otherwise its first 60% and last 40% of
    /// <paramref name="window"/> tokens (the same split as the conversation middle-trim).
    /// </summary>
    public static int[] HeadTail(ReadOnlySpan<int> ids, int window = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (ids.Length <= window)
        {
            return ids.ToArray();
        }
        var head = window * 3 / 5;
        var tail = window - head;
        var clipped = new int[window];
        ids[..head].CopyTo(clipped);
        ids[^tail..].CopyTo(clipped.AsSpan(head));
        return clipped;
    }

    /// <summary>
    /// Splits <paramref name="ids"/> into the fewest windows of at most <paramref name="window"/> tokens, of
    /// near-equal length (so that no chunk is a tiny remainder that would dominate an average). Empty input
    /// gives one empty chunk, so the encoder always has something to embed.
    /// </summary>
    public static int[][] Chunks(ReadOnlySpan<int> ids, int window = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var chunkCount = Math.Max(1, (ids.Length + window - 1) / window);
        var chunks = new int[chunkCount][];
        var baseLength = ids.Length / chunkCount;
        var longer = ids.Length % chunkCount; // the first `longer` chunks take one extra token
        var offset = 0;
        for (var i = 0; i < chunkCount; i++)
        {
            var length = baseLength + (i < longer ? 1 : 0);
            chunks[i] = ids.Slice(offset, length).ToArray();
            offset += length;
        }
        return chunks;
    }
}
