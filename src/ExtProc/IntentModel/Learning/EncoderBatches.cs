namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Forward and backward over a batch of sequences on several threads.</summary>
/// <remarks>
/// The batch is split into one part per thread with about equal token counts. For
/// <see cref="TrainableUseLiteEncoder"/> each part is one packed pass, so each weight matrix is read once per part
/// rather than once per sequence (the dominant cost for short sequences); other encoders run sequence by sequence.
/// Every pass keeps its activations until its backward pass (about 45 KB per token for the real encoder: 64
/// sequences of 128 tokens hold roughly 370 MB). In the backward pass each packed part adds its gradients into private
/// arrays that are summed into the parameters in part order, so for a given thread count the gradients are the
/// same bit for bit from run to run, and the parts never wait on each other's locks.
/// </remarks>
public static class EncoderBatches
{
    /// <summary>One pass over <paramref name="sequences"/>; its embeddings and gradients keep the given order.</summary>
    public static EncoderBatchPass ForwardBatch(this ITrainableEncoder encoder, IReadOnlyList<int[]> sequences, int maxDegreeOfParallelism = -1)
    {
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        // Checked here so a bad sequence is reported by position, not wrapped in an AggregateException by a worker.
        for (var i = 0; i < sequences.Count; i++)
            if (sequences[i].Length is 0 or > TrainableUseLiteEncoder.MaxTokens)
                throw new ArgumentException($"Sequence {i} has {sequences[i].Length} token ids; sequences have 1..{TrainableUseLiteEncoder.MaxTokens}.", nameof(sequences));
        var threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var positions = encoder is TrainableUseLiteEncoder
            ? BalancedParts(sequences, Math.Min(threads, sequences.Count))
            : Enumerable.Range(0, sequences.Count).Select(i => new[] { i }).ToArray();
        var parts = new EncoderBatchPass[positions.Length];
        try
        {
            Parallel.For(0, positions.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
                parts[p] = encoder is TrainableUseLiteEncoder packed
                    ? packed.ForwardPacked(positions[p].Select(i => sequences[i]).ToArray())
                    : new SingleSequenceBatchPass(encoder.Forward(sequences[positions[p][0]])));
        }
        catch
        {
            foreach (var part in parts) part?.Dispose();
            throw;
        }
        return new SplitBatchPass(parts, positions, encoder.Dimensions, threads);
    }

    /// <summary>
    /// Embeddings only (evaluation), sequence i's at destination[i · dimensions ..]: forward passes over chunks of
    /// <paramref name="chunkSize"/> sequences whose activations go straight back to the pool, so memory stays bounded
    /// however many sequences there are.
    /// </summary>
    public static void EmbedBatch(this ITrainableEncoder encoder, IReadOnlyList<int[]> sequences, Span<float> destination, int chunkSize = 64, int maxDegreeOfParallelism = -1)
    {
        var dimensions = encoder.Dimensions;
        if (destination.Length < sequences.Count * dimensions)
            throw new ArgumentException($"{sequences.Count} embeddings need {sequences.Count * dimensions} values; the destination holds {destination.Length}.", nameof(destination));
        if (chunkSize <= 0) throw new ArgumentOutOfRangeException(nameof(chunkSize), "A chunk holds at least one sequence.");
        for (var first = 0; first < sequences.Count; first += chunkSize)
        {
            var chunk = Enumerable.Range(first, Math.Min(chunkSize, sequences.Count - first)).Select(i => sequences[i]).ToArray();
            using var pass = encoder.ForwardBatch(chunk, maxDegreeOfParallelism);
            for (var i = 0; i < chunk.Length; i++) pass.Embedding(i).CopyTo(destination.Slice((first + i) * dimensions, dimensions));
        }
    }

    /// <summary>Sequence positions split into parts of about equal token count (longest first into the lightest part).</summary>
    private static int[][] BalancedParts(IReadOnlyList<int[]> sequences, int count)
    {
        var parts = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var tokens = new long[count];
        foreach (var i in Enumerable.Range(0, sequences.Count).OrderByDescending(i => sequences[i].Length).ThenBy(i => i))
        {
            var lightest = Array.IndexOf(tokens, tokens.Min());
            parts[lightest].Add(i);
            tokens[lightest] += sequences[i].Length;
        }
        return parts.Where(p => p.Count > 0).Select(p => p.ToArray()).ToArray();
    }
}
