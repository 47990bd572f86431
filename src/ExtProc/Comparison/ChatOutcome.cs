namespace ExtProcRouter.Comparison;

/// <summary>What one chat completion through the front door returned, as the comparison reports it.</summary>
/// <param name="Status">HTTP status; null when no response arrived (connection refused, timeout).</param>
/// <param name="Model">The served model: <c>x-model-router-model</c>, else the body's <c>model</c>.</param>
/// <param name="Task">The router's task (<c>x-model-router-selected-route</c>); null for a concrete model.</param>
/// <param name="TimeToFirstToken">Streamed requests only: until the first content delta arrived.</param>
/// <param name="CostUsd">From <c>x-model-router-cost-usd</c>, else computed from the usage and the price table; null when neither is known.</param>
/// <param name="Answer">The assistant's text, for the judge; null on errors.</param>
/// <param name="Error">Why the request failed (status and the error body's message); null on success.</param>
public sealed record ChatOutcome(
    int? Status,
    string? Model,
    string? Task,
    TimeSpan Latency,
    TimeSpan? TimeToFirstToken,
    long? InputTokens,
    long? OutputTokens,
    decimal? CostUsd,
    string? Answer,
    string? Error)
{
    public bool Succeeded => Error is null;

    public static ChatOutcome Failed(int? status, string? model, string? task, TimeSpan latency, string error) =>
        new(status, model, task, latency, null, null, null, null, null, error);
}
