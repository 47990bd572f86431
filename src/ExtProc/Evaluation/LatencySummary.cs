namespace ExtProcRouter.Evaluation;

/// <summary>Nearest-rank percentiles of per-case decision latency.</summary>
public sealed record LatencySummary(TimeSpan P50, TimeSpan P99, TimeSpan Max, TimeSpan Mean)
{
    public static LatencySummary Empty { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static LatencySummary From(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.Ticks).Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }
        return new LatencySummary(
            TimeSpan.FromTicks(Percentile(sorted, 0.50)),
            TimeSpan.FromTicks(Percentile(sorted, 0.99)),
            TimeSpan.FromTicks(sorted[^1]),
            TimeSpan.FromTicks((long)sorted.Average()));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    internal static long Percentile(long[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
