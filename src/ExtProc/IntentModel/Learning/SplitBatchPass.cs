namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// A batch run as several parts on different threads, presented in the caller's order: part p holds the sequences
/// whose original positions are listed in its index map.
/// </summary>
internal sealed class SplitBatchPass(EncoderBatchPass[] parts, int[][] positions, int dimensions, int maxDegreeOfParallelism) : EncoderBatchPass
{
    private readonly (int Part, int Offset)[] _located = Locate(parts, positions);
    private int _backpropagated;

    public override int Count => _located.Length;

    public override ReadOnlySpan<float> Embedding(int index)
    {
        var (part, offset) = _located[index];
        return parts[part].Embedding(offset);
    }

    public override void Backward(ReadOnlySpan<float> embeddingGradients)
    {
        if (embeddingGradients.Length != Count * dimensions)
            throw new ArgumentException($"{Count} embeddings need {Count * dimensions} gradient values, not {embeddingGradients.Length}.", nameof(embeddingGradients));
        if (Interlocked.Exchange(ref _backpropagated, 1) == 1)
            throw new InvalidOperationException("This pass was already backpropagated; run the forward pass again.");
        // Each part's gradients gathered into its own order before the parts run in parallel.
        var gathered = new float[parts.Length][];
        for (var p = 0; p < parts.Length; p++)
        {
            gathered[p] = new float[positions[p].Length * dimensions];
            for (var i = 0; i < positions[p].Length; i++)
                embeddingGradients.Slice(positions[p][i] * dimensions, dimensions).CopyTo(gathered[p].AsSpan(i * dimensions));
        }
        // Each part into its own private gradients, added in part order afterwards: no lock contention between the
        // threads, and the same sum whichever part finishes first.
        var sinks = parts.Select(_ => GradientSink.CreatePrivate()).ToArray();
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, p => parts[p].Backward(gathered[p], sinks[p]));
        foreach (var sink in sinks) sink.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var part in parts) part.Dispose();
    }

    private static (int, int)[] Locate(EncoderBatchPass[] parts, int[][] positions)
    {
        var located = new (int, int)[positions.Sum(p => p.Length)];
        for (var p = 0; p < parts.Length; p++)
            for (var i = 0; i < positions[p].Length; i++) located[positions[p][i]] = (p, i);
        return located;
    }
}
