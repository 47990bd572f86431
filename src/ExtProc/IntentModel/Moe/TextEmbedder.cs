using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Text to unit-length 512-d embeddings: tokenizer, long-text strategy, one batched encoder run per call. With a
/// <see cref="TokenWindowEmbeddingCache"/>, windows embedded before (by this or an earlier call) are not encoded again,
/// and a window that occurs twice in one call is encoded once. Thread-safe.
/// </summary>
public sealed class TextEmbedder(SentencePieceTokenizer tokenizer, SentenceEncoder encoder, LongTextStrategy strategy = LongTextStrategy.HeadTail,
    TokenWindowEmbeddingCache? cache = null)
{
    public LongTextStrategy Strategy => strategy;

    /// <summary>The cache of encoded windows, or null when every window is encoded.</summary>
    public TokenWindowEmbeddingCache? Cache => cache;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        if (strategy == LongTextStrategy.HeadTail)
        {
            var sequences = new int[texts.Count][];
            for (var i = 0; i < texts.Count; i++) sequences[i] = tokenizer.EncodeHeadTail(texts[i]);
            return EmbedWindows(sequences, cancellationToken);
        }

        var chunks = new List<int[]>();
        var owner = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            foreach (var chunk in tokenizer.EncodeChunks(texts[i]))
            {
                chunks.Add(chunk);
                owner.Add(i);
            }
        }
        var embedded = EmbedWindows(chunks, cancellationToken);
        var result = new float[texts.Count][];
        for (var i = 0; i < result.Length; i++) result[i] = new float[SentenceEncoder.Dimensions];
        for (var c = 0; c < embedded.Length; c++) VectorMath.AddScaled(result[owner[c]], embedded[c], 1f);
        foreach (var vector in result)
        {
            var norm = MathF.Sqrt(VectorMath.Dot(vector, vector));
            if (norm > 0) for (var j = 0; j < vector.Length; j++) vector[j] /= norm;
        }
        return result;
    }

    /// <summary>One embedding per window; only the windows the cache does not hold go to the encoder, in one batch.</summary>
    private float[][] EmbedWindows(IReadOnlyList<int[]> windows, CancellationToken cancellationToken)
    {
        if (cache is null) return encoder.Embed(windows, cancellationToken);

        var result = new float[windows.Count][];
        var batchRow = new int[windows.Count]; // row of the encoder batch that embeds window i; -1 when cached
        List<int[]>? toEncode = null;
        List<TokenWindowKey>? toEncodeKeys = null;
        Dictionary<TokenWindowKey, int>? rowOf = null;
        float[]? spare = null;
        for (var i = 0; i < windows.Count; i++)
        {
            // The key is what the encoder reads: it ignores ids after its window.
            var ids = windows[i].Length <= SentenceEncoder.MaxTokens ? windows[i] : windows[i][..SentenceEncoder.MaxTokens];
            var key = new TokenWindowKey(ids);
            spare ??= new float[SentenceEncoder.Dimensions];
            if (cache.TryCopyTo(key, spare))
            {
                result[i] = spare;
                spare = null;
                batchRow[i] = -1;
                continue;
            }
            rowOf ??= [];
            if (!rowOf.TryGetValue(key, out var row))
            {
                row = (toEncode ??= []).Count;
                toEncode.Add(ids);
                (toEncodeKeys ??= []).Add(key);
                rowOf.Add(key, row);
            }
            batchRow[i] = row;
        }
        if (toEncode is null) return result;

        var embedded = encoder.Embed(toEncode, cancellationToken);
        for (var row = 0; row < embedded.Length; row++) cache.Add(toEncodeKeys![row], embedded[row]);
        var handedOut = new bool[embedded.Length];
        for (var i = 0; i < windows.Count; i++)
        {
            var row = batchRow[i];
            if (row < 0) continue;
            // Each caller gets its own array, even for a window that occurred twice.
            result[i] = handedOut[row] ? (float[])embedded[row].Clone() : embedded[row];
            handedOut[row] = true;
        }
        return result;
    }
}
