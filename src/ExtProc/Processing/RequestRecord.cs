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
    RequestOutcome Outcome);
