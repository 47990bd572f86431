using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Processing;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Counts streams, messages and immediate responses around the real service, by wrapping the message reader and
/// writer, so neither the gRPC layer nor the processing state machine needs to know about metrics.
/// </summary>
public sealed class MeteredExternalProcessorService(IExternalProcessorService inner, ExtProcMetrics metrics) : IExternalProcessorService
{
    public async Task ProcessAsync(IMessageReader<ProcessingRequest> requests, IMessageWriter<ProcessingResponse> responses,
        CancellationToken cancellationToken)
    {
        metrics.StreamOpened();
        try
        {
            await inner.ProcessAsync(new CountingReader(requests, metrics), new CountingWriter(responses, metrics), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    internal static string PhaseLabel(ProcessingRequest.RequestOneofCase kind) => kind switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => "request_headers",
        ProcessingRequest.RequestOneofCase.RequestBody => "request_body",
        ProcessingRequest.RequestOneofCase.RequestTrailers => "request_trailers",
        ProcessingRequest.RequestOneofCase.ResponseHeaders => "response_headers",
        ProcessingRequest.RequestOneofCase.ResponseBody => "response_body",
        ProcessingRequest.RequestOneofCase.ResponseTrailers => "response_trailers",
        _ => "unknown",
    };

    private sealed class CountingReader(IMessageReader<ProcessingRequest> inner, ExtProcMetrics metrics) : IMessageReader<ProcessingRequest>
    {
        public async ValueTask<ProcessingRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            var message = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (message is not null) metrics.MessageReceived(PhaseLabel(message.RequestCase));
            return message;
        }
    }

    private sealed class CountingWriter(IMessageWriter<ProcessingResponse> inner, ExtProcMetrics metrics) : IMessageWriter<ProcessingResponse>
    {
        public ValueTask WriteAsync(ProcessingResponse message, CancellationToken cancellationToken)
        {
            if (message.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse)
                metrics.ImmediateResponse((int)(message.ImmediateResponse.Status?.Code ?? 0));
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
