using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Comparison;

/// <summary>Totals of one side (router or baseline). Latency percentiles are over successful requests only: a fast
/// 404 or a slow timeout says nothing about how quickly a model answers.</summary>
public sealed record SideTotals(
    int Requests,
    int Errors,
    TimeSpan? MeanLatency,
    TimeSpan? P50Latency,
    TimeSpan? P95Latency,
    TimeSpan? P50TimeToFirstToken,
    long InputTokens,
    long OutputTokens,
    decimal Cost,
    int Priced,
    double? JudgeMean,
    int Judged)
{
    public static SideTotals Of(IReadOnlyList<ChatOutcome> outcomes, IReadOnlyList<double?> judgeScores)
    {
        var succeeded = outcomes.Where(o => o.Succeeded).ToList();
        var latencies = succeeded.Select(o => o.Latency.Ticks).Order().ToArray();
        var firstTokens = succeeded.Where(o => o.TimeToFirstToken is not null).Select(o => o.TimeToFirstToken!.Value.Ticks).Order().ToArray();
        var scores = judgeScores.Where(s => s is not null).Select(s => s!.Value).ToList();
        return new SideTotals(
            outcomes.Count,
            outcomes.Count - succeeded.Count,
            latencies.Length == 0 ? null : TimeSpan.FromTicks((long)latencies.Average()),
            latencies.Length == 0 ? null : TimeSpan.FromTicks(LatencySummary.Percentile(latencies, 0.50)),
            latencies.Length == 0 ? null : TimeSpan.FromTicks(LatencySummary.Percentile(latencies, 0.95)),
            firstTokens.Length == 0 ? null : TimeSpan.FromTicks(LatencySummary.Percentile(firstTokens, 0.50)),
            outcomes.Sum(o => o.InputTokens ?? 0),
            outcomes.Sum(o => o.OutputTokens ?? 0),
            outcomes.Sum(o => o.CostUsd ?? 0m),
            outcomes.Count(o => o.CostUsd is not null),
            scores.Count == 0 ? null : scores.Average(),
            scores.Count);
    }
}
