using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Processing;

/// <summary>What happened to one LLM request, handed to <see cref="IRequestMetricsSink"/> once when its stream ends.</summary>
/// <param name="RequestedModel">The client's <c>model</c>, when the body was read.</param>
/// <param name="ServedModel">Slug of the model that served it, when one was selected.</param>
/// <param name="Provider">Provider name, when one was selected.</param>
/// <param name="SelectedRoute">The router task that matched, for <c>router:</c> requests.</param>
/// <param name="StatusCode">The HTTP status the client got (upstream or local reply), 0 when none was seen.</param>
/// <param name="Streamed">True when the response was forwarded as a stream.</param>
/// <param name="Usage">Token usage reported by the provider.</param>
/// <param name="StartedAt">When the request headers reached the sidecar.</param>
/// <param name="TimeToFirstToken">From request headers to the first translated response bytes, when any were seen.</param>
/// <param name="Duration">From request headers to the end of the stream.</param>
/// <param name="Outcome">How the stream ended.</param>
/// <param name="Router">The router's name for <c>router:NAME</c> requests; null for a concrete model.</param>
/// <param name="Fallback">True when a router matched no task and used its fallback.</param>
/// <param name="Affinity">What session affinity did; null when the request had no session or was not for a router.</param>
/// <param name="DecisionLatency">How long choosing the model took (classification, ranking, affinity).</param>
/// <param name="ClassificationLatency">How long the intent classifier took, when it ran.</param>
/// <param name="CostUsd">Estimated cost from <paramref name="Usage"/> and the served model's prices, when both are known.</param>
/// <param name="ConversationHash">SHA-256 of the normalized conversation, when the sink asked for it (<see cref="RequestCapture"/>).</param>
/// <param name="PromptText">The latest user message, only when the sink explicitly asked for prompt text.</param>
public sealed record RequestRecord(
    string? RequestedModel,
    string? ServedModel,
    string? Provider,
    string? SelectedRoute,
    int StatusCode,
    bool Streamed,
    TokenUsage Usage,
    DateTimeOffset StartedAt,
    TimeSpan? TimeToFirstToken,
    TimeSpan Duration,
    RequestOutcome Outcome,
    string? Router = null,
    bool Fallback = false,
    AffinityOutcome? Affinity = null,
    TimeSpan? DecisionLatency = null,
    TimeSpan? ClassificationLatency = null,
    decimal? CostUsd = null,
    string? ConversationHash = null,
    string? PromptText = null);
