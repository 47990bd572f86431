using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Grpc.Client;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Standalone;

/// <summary>The front door's gRPC connection to the sidecar: one ext_proc call per HTTP request, as Envoy makes them.</summary>
public sealed class SidecarConnection(GrpcConnection connection) : IExtProcClient, IDisposable
{
    /// <summary>Connects to <c>http://host:port</c> or <c>unix:/path</c>.</summary>
    public static SidecarConnection Open(string target) => new(new GrpcConnection(target));

    public IExtProcStream OpenStream(CancellationToken cancellationToken) =>
        new Stream(connection.StartDuplex<ProcessingRequest, ProcessingResponse>(GrpcMethodPaths.ExternalProcessorProcess,
            ProcessingResponse.Parser, new GrpcCallOptions { CancellationToken = cancellationToken }));

    public void Dispose() => connection.Dispose();

    private sealed class Stream(DuplexCall<ProcessingRequest, ProcessingResponse> call) : IExtProcStream
    {
        public ValueTask SendAsync(ProcessingRequest request, CancellationToken cancellationToken) =>
            call.WriteAsync(request, cancellationToken);

        public async ValueTask<ExtProcReply> ReceiveAsync(CancellationToken cancellationToken)
        {
            try
            {
                var response = await call.ReadAsync(cancellationToken);
                return response is null ? ExtProcReply.ClosedCleanly : ExtProcReply.Of(response);
            }
            catch (GrpcStatusException ex)
            {
                return ExtProcReply.Failed($"{ex.Status}: {ex.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Half-close first so a processor still reading sees a clean end rather than a reset.
            try { await call.CompleteRequestsAsync(); }
            catch (Exception ex) when (ex is GrpcStatusException or InvalidOperationException or IOException) { }
            await call.DisposeAsync();
        }
    }
}
