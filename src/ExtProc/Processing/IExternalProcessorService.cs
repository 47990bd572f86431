using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;

namespace ExtProcRouter.Processing;

/// <summary>
/// envoy.service.ext_proc.v3.ExternalProcessor/Process, independent of the gRPC transport that hosts it
/// (our Kestrel layer here; Grpc.AspNetCore where that package exists).
/// Returning ends the call with OK; a <see cref="GrpcStatusException"/> ends it with that status.
/// </summary>
public interface IExternalProcessorService
{
    Task ProcessAsync(IMessageReader<ProcessingRequest> requests, IMessageWriter<ProcessingResponse> responses,
        CancellationToken cancellationToken);
}
