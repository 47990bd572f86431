namespace ExtProcRouter.WebConsole;

/// <summary>The whole analytics window in one line.</summary>
/// <param name="TaskMatchRate">Task-matched share of router requests; null when there were none.</param>
/// <param name="FallbackRate">Fallback share of router requests; null when there were none.</param>
/// <param name="TtftMsP50">Median time to first token over the requests that saw one.</param>
/// <param name="TtftMsP95">95th percentile (nearest rank) of the same.</param>
/// <param name="DecisionMsAverage">Mean time the router took to choose a model.</param>
public sealed record AnalyticsTotals(
    int Requests,
    int RouterRequests,
    int TaskMatched,
    int Fallbacks,
    int Errors,
    decimal CostUsd,
    double? TaskMatchRate,
    double? FallbackRate,
    double? TtftMsP50,
    double? TtftMsP95,
    double? DecisionMsAverage);
