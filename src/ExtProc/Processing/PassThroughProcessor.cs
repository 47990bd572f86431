using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Processing;

/// <summary>
/// Answers every message with "continue unchanged". Used after the sidecar has sent a local reply (so that reply
/// is never translated again when it comes back through the response path) and for streams whose request
/// headers were not sent to the sidecar. Stateless, so one instance serves every stream.
/// </summary>
public sealed class PassThroughProcessor : IRequestProcessor
{
    public static readonly PassThroughProcessor Instance = new();

    private PassThroughProcessor()
    {
    }

    public ValueTask<ProcessingResponse> ProcessRequestHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.RequestHeaders));

    public ValueTask<ProcessingResponse> ProcessRequestBodyAsync(HttpBody body, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.RequestBody));

    public ValueTask<ProcessingResponse> ProcessRequestTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.RequestTrailers));

    public ValueTask<ProcessingResponse> ProcessResponseHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseHeaders));

    public ValueTask<ProcessingResponse> ProcessResponseBodyAsync(HttpBody body, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseBody));

    public ValueTask<ProcessingResponse> ProcessResponseTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseTrailers));

    public void Dispose()
    {
    }
}
