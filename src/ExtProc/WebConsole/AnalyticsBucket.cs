namespace ExtProcRouter.WebConsole;

/// <summary>One time slice of the analytics window.</summary>
/// <param name="Start">Start of the slice (inclusive); it lasts <see cref="AnalyticsReport.BucketSeconds"/>.</param>
/// <param name="Requests">Every request that started in the slice.</param>
/// <param name="RouterRequests">Of those, <c>router:</c> requests that got a decision.</param>
/// <param name="TaskMatched">Router requests served by a matched task.</param>
/// <param name="Fallbacks">Router requests served by a fallback model.</param>
/// <param name="Errors">Requests answered with a status of 400 or more, or that ended early.</param>
/// <param name="CostUsd">Estimated cost of the requests whose usage and prices were known.</param>
/// <param name="TtftMsAverage">Mean time to first token, when any request saw one.</param>
/// <param name="Models">Requests per served model.</param>
public sealed record AnalyticsBucket(
    DateTimeOffset Start,
    int Requests,
    int RouterRequests,
    int TaskMatched,
    int Fallbacks,
    int Errors,
    decimal CostUsd,
    double? TtftMsAverage,
    IReadOnlyDictionary<string, int> Models);
