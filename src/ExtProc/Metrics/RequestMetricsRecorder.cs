using ExtProcRouter.Processing;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Turns each finished request into the GenAI and router metrics: token usage by type, duration, time to first
/// token and per output token (streams), the routing decision, decision and classification latency, affinity,
/// estimated cost, status.
/// </summary>
public sealed class RequestMetricsRecorder(SidecarMetrics metrics) : IRequestMetricsSink
{
    public void Record(RequestRecord record)
    {
        var genAi = metrics.GenAi;
        var provider = record.Provider ?? "";
        var requestModel = record.RequestedModel ?? "";
        var responseModel = record.ServedModel ?? "";
        var usage = record.Usage;

        if (usage.InputTokens is { } input)
            genAi.TokenUsage.Observe(input, GenAiValues.Chat, provider, requestModel, responseModel, GenAiValues.Input);
        if (usage.OutputTokens is { } output)
            genAi.TokenUsage.Observe(output, GenAiValues.Chat, provider, requestModel, responseModel, GenAiValues.Output);
        if (usage.CachedInputTokens is { } cached)
            genAi.TokenUsage.Observe(cached, GenAiValues.Chat, provider, requestModel, responseModel, GenAiValues.Cached);

        genAi.OperationDuration.Observe(record.Duration.TotalSeconds, GenAiValues.Chat, provider, requestModel, responseModel, ErrorType(record));

        if (record.Streamed && record.TimeToFirstToken is { } firstToken)
        {
            genAi.TimeToFirstToken.Observe(firstToken.TotalSeconds, GenAiValues.Chat, provider, requestModel, responseModel);
            // The convention's definition: time after the first token divided by the tokens after the first.
            if (record.Outcome == RequestOutcome.Completed && usage.OutputTokens is > 1 and var tokens)
            {
                var perToken = (record.Duration - firstToken).TotalSeconds / (tokens - 1);
                genAi.TimePerOutputToken.Observe(perToken, GenAiValues.Chat, provider, requestModel, responseModel);
            }
        }

        var router = metrics.Router;
        if (record.Router is { } routerName && record.ServedModel is { } model)
        {
            router.RecordDecision(routerName, record.SelectedRoute ?? "", model, record.Fallback);
            if (record.DecisionLatency is { } decision) router.RecordDecisionLatency(routerName, decision);
            if (record.ClassificationLatency is { } classification) router.RecordClassificationLatency(routerName, classification);
            if (record.Affinity is { } affinity) router.RecordAffinity(routerName, affinity);
        }
        if (record.CostUsd is { } cost && record.ServedModel is { } served) router.RecordCost(record.Router, served, cost);
        router.RecordRequest(record.StatusCode, OutcomeLabel(record.Outcome));
    }

    /// <summary>The convention's error.type: empty on success, else the HTTP status class or how the stream ended.</summary>
    private static string ErrorType(RequestRecord record) => record switch
    {
        { Outcome: RequestOutcome.Incomplete } => "incomplete",
        { StatusCode: >= 400 } => RouterMetrics.StatusLabel(record.StatusCode),
        _ => "",
    };

    internal static string OutcomeLabel(RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Completed => "completed",
        RequestOutcome.Rejected => "rejected",
        _ => "incomplete",
    };
}
