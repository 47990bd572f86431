namespace ExtProcRouter.WebConsole;

/// <summary>The answer of <c>GET /api/console/analytics</c>: totals, per-model share and time buckets, oldest first.</summary>
/// <param name="RingCapacity">How many recent requests the console keeps; older ones are not in any report.</param>
public sealed record AnalyticsReport(
    DateTimeOffset GeneratedAt,
    int WindowSeconds,
    int BucketSeconds,
    int RingCapacity,
    AnalyticsTotals Totals,
    IReadOnlyList<ModelShare> Models,
    IReadOnlyList<AnalyticsBucket> Buckets);
