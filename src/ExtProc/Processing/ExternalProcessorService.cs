using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Processing;

/// <summary>
/// The ext_proc service: one <see cref="ProcessingStream"/> per gRPC stream, released when the stream ends
/// (normally, by protocol violation, or by cancellation when Envoy resets the stream).
/// </summary>
public sealed class ExternalProcessorService(IRequestProcessorFactory processorFactory, ILogger<ExternalProcessorService> logger)
    : IExternalProcessorService
{
    public async Task ProcessAsync(IMessageReader<ProcessingRequest> requests, IMessageWriter<ProcessingResponse> responses,
        CancellationToken cancellationToken)
    {
        using var stream = new ProcessingStream(requests, responses, processorFactory, logger);
        try
        {
            await stream.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GrpcStatusException exception)
        {
            logger.LogWarning("ext_proc stream ended with {Status}: {Reason}", exception.Status, exception.Message);
            throw;
        }
    }
}
