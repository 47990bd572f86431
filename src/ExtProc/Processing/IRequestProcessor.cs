using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Processing;

/// <summary>
/// Handles one HTTP request, one method per ext_proc phase. Each call returns exactly the reply Envoy expects for
/// that message: a response of the matching kind, or an <c>immediate_response</c> (a local reply that ends the
/// request). The <see cref="ProcessingStream"/> guarantees calls arrive in legal order and disposes the processor
/// when the stream ends, whatever the reason, so per-request state (pooled buffers, metrics) is released there.
/// </summary>
public interface IRequestProcessor : IDisposable
{
    ValueTask<ProcessingResponse> ProcessRequestHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken);
    ValueTask<ProcessingResponse> ProcessRequestBodyAsync(HttpBody body, CancellationToken cancellationToken);
    ValueTask<ProcessingResponse> ProcessRequestTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken);
    ValueTask<ProcessingResponse> ProcessResponseHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken);
    ValueTask<ProcessingResponse> ProcessResponseBodyAsync(HttpBody body, CancellationToken cancellationToken);
    ValueTask<ProcessingResponse> ProcessResponseTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken);
}
