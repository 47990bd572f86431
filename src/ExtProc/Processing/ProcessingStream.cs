using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Errors;
using ExtProcRouter.Grpc;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Processing;

/// <summary>
/// One ext_proc gRPC stream, i.e. one HTTP request passing through Envoy. Enforces Envoy's protocol: exactly one
/// reply per message, of the matching kind, phases only moving forward. The rules (see Processing/README.md):
/// <list type="bullet">
/// <item>Phases may be skipped (Envoy's processing_mode can skip headers, bodies or trailers), never revisited. A
/// message for an earlier phase, a second headers message, or a body chunk after end_of_stream ends the stream with
/// FAILED_PRECONDITION; Envoy then applies failure_mode_allow.</item>
/// <item>A message with no oneof set (a kind added by a newer Envoy) ends the stream with UNIMPLEMENTED: we cannot
/// reply with a matching kind, and an unmatched reply would be a protocol violation on Envoy's side.</item>
/// <item>If the request headers are for a path the sidecar does not handle, the stream returns without replying:
/// a cleanly closed stream makes Envoy continue without the processor (external_processor.proto, "if the server
/// closes the gRPC stream cleanly, then Envoy proceeds without consulting the server").</item>
/// <item>After the sidecar sent an immediate_response, the rest of the stream is passed through: the local reply may
/// come back through the response path and must not be translated again.</item>
/// <item>In observability mode Envoy does not wait for replies, so none are sent.</item>
/// </list>
/// </summary>
public sealed class ProcessingStream(
    IMessageReader<ProcessingRequest> requests,
    IMessageWriter<ProcessingResponse> responses,
    IRequestProcessorFactory processorFactory,
    ILogger logger) : IDisposable
{
    private ProcessingPhase _phase = ProcessingPhase.Start;
    private bool _bodyEnded;
    private IRequestProcessor? _ownedProcessor;
    private IRequestProcessor? _activeProcessor;

    /// <summary>The last phase a message was received for.</summary>
    public ProcessingPhase Phase => _phase;

    /// <summary>Runs the stream until Envoy half-closes it, the request is not ours, or a protocol violation.</summary>
    /// <exception cref="GrpcStatusException">Envoy sent a message the protocol does not allow here.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await requests.ReadAsync(cancellationToken).ConfigureAwait(false) is { } request)
        {
            var phase = PhaseOf(request);
            Advance(phase, request);
            if (_activeProcessor is null)
            {
                if (phase == ProcessingPhase.RequestHeaders)
                {
                    if (!TryCreateProcessor(request.RequestHeaders, out var created))
                    {
                        _activeProcessor = PassThroughProcessor.Instance;
                        await ReplyAsync(request, ProcessingResponses.Error(OpenAIErrors.Internal()), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (created is null) return;
                    _ownedProcessor = _activeProcessor = created;
                }
                else
                {
                    // Request headers were skipped by the filter's processing_mode: nothing to route on.
                    logger.LogDebug("ext_proc stream started at {Phase}; passing it through", phase);
                    _activeProcessor = PassThroughProcessor.Instance;
                }
            }

            var response = await DispatchAsync(_activeProcessor, phase, request, cancellationToken).ConfigureAwait(false);
            if (response.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse)
                _activeProcessor = PassThroughProcessor.Instance;
            await ReplyAsync(request, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask ReplyAsync(ProcessingRequest request, ProcessingResponse response, CancellationToken cancellationToken) =>
        request.ObservabilityMode ? ValueTask.CompletedTask : responses.WriteAsync(response, cancellationToken);

    /// <summary>False when the factory failed; the request then gets a 500 rather than the whole stream an error.</summary>
    private bool TryCreateProcessor(HttpHeaders headers, out IRequestProcessor? processor)
    {
        try
        {
            processor = processorFactory.Create(headers);
            return true;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Creating the ext_proc request processor failed");
            processor = null;
            return false;
        }
    }

    private static ProcessingPhase PhaseOf(ProcessingRequest request) => request.RequestCase switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => ProcessingPhase.RequestHeaders,
        ProcessingRequest.RequestOneofCase.RequestBody => ProcessingPhase.RequestBody,
        ProcessingRequest.RequestOneofCase.RequestTrailers => ProcessingPhase.RequestTrailers,
        ProcessingRequest.RequestOneofCase.ResponseHeaders => ProcessingPhase.ResponseHeaders,
        ProcessingRequest.RequestOneofCase.ResponseBody => ProcessingPhase.ResponseBody,
        ProcessingRequest.RequestOneofCase.ResponseTrailers => ProcessingPhase.ResponseTrailers,
        _ => throw new GrpcStatusException(GrpcStatusCode.Unimplemented,
            "ProcessingRequest without a known message kind; this processor supports the ext_proc v3 phases only"),
    };

    private void Advance(ProcessingPhase phase, ProcessingRequest request)
    {
        var isBody = phase is ProcessingPhase.RequestBody or ProcessingPhase.ResponseBody;
        var legal = phase > _phase || (isBody && phase == _phase && !_bodyEnded);
        if (!legal)
        {
            throw new GrpcStatusException(GrpcStatusCode.FailedPrecondition, phase == _phase
                ? $"ext_proc protocol violation: {phase} after its end of stream"
                : $"ext_proc protocol violation: {phase} after {_phase}");
        }
        _phase = phase;
        _bodyEnded = phase switch
        {
            ProcessingPhase.RequestBody => request.RequestBody.EndOfStream,
            ProcessingPhase.ResponseBody => request.ResponseBody.EndOfStream,
            _ => false,
        };
    }

    private async ValueTask<ProcessingResponse> DispatchAsync(IRequestProcessor processor, ProcessingPhase phase,
        ProcessingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return phase switch
            {
                ProcessingPhase.RequestHeaders => await processor.ProcessRequestHeadersAsync(request.RequestHeaders, cancellationToken).ConfigureAwait(false),
                ProcessingPhase.RequestBody => await processor.ProcessRequestBodyAsync(request.RequestBody, cancellationToken).ConfigureAwait(false),
                ProcessingPhase.RequestTrailers => await processor.ProcessRequestTrailersAsync(request.RequestTrailers, cancellationToken).ConfigureAwait(false),
                ProcessingPhase.ResponseHeaders => await processor.ProcessResponseHeadersAsync(request.ResponseHeaders, cancellationToken).ConfigureAwait(false),
                ProcessingPhase.ResponseBody => await processor.ProcessResponseBodyAsync(request.ResponseBody, cancellationToken).ConfigureAwait(false),
                _ => await processor.ProcessResponseTrailersAsync(request.ResponseTrailers, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception exception) when (exception is not GrpcStatusException
                                          && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A bug in one request's processing must cost that request only: answer it with a 500, keep the process.
            logger.LogError(exception, "ext_proc processor failed in {Phase}", phase);
            return ProcessingResponses.Error(OpenAIErrors.Internal());
        }
    }

    public void Dispose()
    {
        _activeProcessor = null;
        var owned = _ownedProcessor;
        _ownedProcessor = null;
        owned?.Dispose();
    }
}
