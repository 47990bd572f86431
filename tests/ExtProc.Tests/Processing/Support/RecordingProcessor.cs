using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Errors;
using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>A processor that records the phases it is called for and answers "continue", or as told.</summary>
internal sealed class RecordingProcessor : IRequestProcessor
{
    public List<ProcessingPhase> Calls { get; } = [];
    public ProcessingPhase? RejectAt { get; set; }
    public ProcessingPhase? ThrowAt { get; set; }
    public int DisposeCount { get; private set; }

    private ValueTask<ProcessingResponse> Answer(ProcessingPhase phase)
    {
        Calls.Add(phase);
        if (phase == ThrowAt) throw new InvalidOperationException("boom: processor bug");
        return ValueTask.FromResult(phase == RejectAt
            ? ProcessingResponses.Error(OpenAIErrors.MissingModel())
            : ProcessingResponses.Continue(phase));
    }

    public ValueTask<ProcessingResponse> ProcessRequestHeadersAsync(HttpHeaders headers, CancellationToken ct) => Answer(ProcessingPhase.RequestHeaders);
    public ValueTask<ProcessingResponse> ProcessRequestBodyAsync(HttpBody body, CancellationToken ct) => Answer(ProcessingPhase.RequestBody);
    public ValueTask<ProcessingResponse> ProcessRequestTrailersAsync(HttpTrailers trailers, CancellationToken ct) => Answer(ProcessingPhase.RequestTrailers);
    public ValueTask<ProcessingResponse> ProcessResponseHeadersAsync(HttpHeaders headers, CancellationToken ct) => Answer(ProcessingPhase.ResponseHeaders);
    public ValueTask<ProcessingResponse> ProcessResponseBodyAsync(HttpBody body, CancellationToken ct) => Answer(ProcessingPhase.ResponseBody);
    public ValueTask<ProcessingResponse> ProcessResponseTrailersAsync(HttpTrailers trailers, CancellationToken ct) => Answer(ProcessingPhase.ResponseTrailers);

    public void Dispose() => DisposeCount++;
}

/// <summary>Creates one <see cref="RecordingProcessor"/> for /v1/ paths and none for other paths.</summary>
internal sealed class RecordingProcessorFactory : IRequestProcessorFactory
{
    public RecordingProcessor Processor { get; } = new();
    public int CreateCount { get; private set; }
    public bool Throw { get; set; }

    public IRequestProcessor? Create(HttpHeaders requestHeaders)
    {
        CreateCount++;
        if (Throw) throw new InvalidOperationException("factory bug");
        return requestHeaders.Headers.GetValue(":path")?.StartsWith("/v1/", StringComparison.Ordinal) == true ? Processor : null;
    }
}
