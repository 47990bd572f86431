using System.Collections.Concurrent;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Forward and backward over a batch of sequences on several threads (each sequence's pass is single-threaded, so
/// parallelism comes from running sequences side by side).
/// </summary>
/// <remarks>
/// Every pass keeps its activations until its backward pass (about 45 KB per token for the real encoder), so a batch
/// of 64 sequences of 128 tokens holds roughly 370 MB. Gradients are added under per-parameter locks in whatever order
/// threads finish, so parallel runs agree with a sequential run to float rounding, not bit for bit; use one thread
/// where bit-exact reproduction matters.
/// </remarks>
public static class EncoderBatches
{
    /// <summary>The passes of <paramref name="sequences"/>, in the same order.</summary>
    public static EncoderPass[] ForwardBatch(this ITrainableEncoder encoder, IReadOnlyList<int[]> sequences, int maxDegreeOfParallelism = -1)
    {
        var passes = new EncoderPass[sequences.Count];
        // One sequence per work item (not chunks), longest first, so the slowest do not start last and idle a core.
        Parallel.ForEach(Partitioner.Create(LongestFirst(sequences.Count, i => sequences[i].Length), loadBalance: true), Options(maxDegreeOfParallelism),
            i => passes[i] = encoder.Forward(sequences[i]));
        return passes;
    }

    /// <summary>
    /// Backward of every pass, with pass i's embedding gradient at
    /// <c>embeddingGradients[i · dimensions .. (i + 1) · dimensions]</c>.
    /// </summary>
    public static void BackwardBatch(this ITrainableEncoder encoder, IReadOnlyList<EncoderPass> passes, float[] embeddingGradients, int maxDegreeOfParallelism = -1)
    {
        var dimensions = encoder.Dimensions;
        if (embeddingGradients.Length != passes.Count * dimensions)
            throw new ArgumentException($"{passes.Count} passes need {passes.Count * dimensions} gradient values, not {embeddingGradients.Length}.", nameof(embeddingGradients));
        Parallel.For(0, passes.Count, Options(maxDegreeOfParallelism),
            i => passes[i].Backward(embeddingGradients.AsSpan(i * dimensions, dimensions)));
    }

    private static ParallelOptions Options(int maxDegreeOfParallelism) => new() { MaxDegreeOfParallelism = maxDegreeOfParallelism };

    private static int[] LongestFirst(int count, Func<int, int> length) =>
        Enumerable.Range(0, count).OrderByDescending(length).ThenBy(i => i).ToArray();
}
