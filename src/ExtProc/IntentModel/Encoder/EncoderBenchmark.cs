using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>Latency of the converted encoder: model load time and per-batch encode percentiles.</summary>
public static class EncoderBenchmark
{
    public sealed record Result(TimeSpan Load, TimeSpan P50, TimeSpan P99, TimeSpan Max, int Runs, int Batch, int Tokens, int IntraOpThreads, IReadOnlyList<string> ExecutionProviders)
    {
        public override string ToString() =>
            $"load {Load.TotalMilliseconds:F1} ms; encode batch {Batch} x {Tokens} tokens, {IntraOpThreads} intra-op threads ({string.Join(", ", ExecutionProviders)}), " +
            $"{Runs} runs: p50 {P50.TotalMilliseconds:F2} ms, p99 {P99.TotalMilliseconds:F2} ms, max {Max.TotalMilliseconds:F2} ms";
    }

    public static Result Run(IInferenceSessionFactory sessions, string modelPath, int batch = 4, int tokens = SentenceEncoder.MaxTokens,
        int runs = 200, int intraOpThreads = 2, int warmupRuns = 10, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var time = timeProvider ?? TimeProvider.System;

        var loadStart = time.GetTimestamp();
        using var encoder = new SentenceEncoder(sessions, modelPath, new OnnxSessionOptions { IntraOpThreads = intraOpThreads });
        var load = time.GetElapsedTime(loadStart);

        var sequences = new ReadOnlyMemory<int>[batch];
        uint state = 12345;
        for (var i = 0; i < batch; i++)
        {
            var ids = new int[tokens];
            for (var j = 0; j < tokens; j++)
            {
                state = state * 1664525 + 1013904223;
                ids[j] = 6 + (int)(state % 7994);
            }
            sequences[i] = ids;
        }
        var destination = new float[batch * SentenceEncoder.Dimensions];
        for (var i = 0; i < warmupRuns; i++) encoder.Embed(sequences, destination, cancellationToken);

        var samples = new TimeSpan[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = time.GetTimestamp();
            encoder.Embed(sequences, destination, cancellationToken);
            samples[i] = time.GetElapsedTime(start);
        }
        Array.Sort(samples);
        return new Result(load, Percentile(samples, 0.50), Percentile(samples, 0.99), samples[^1], runs, batch, tokens, intraOpThreads, encoder.ExecutionProviders);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    internal static TimeSpan Percentile(TimeSpan[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
