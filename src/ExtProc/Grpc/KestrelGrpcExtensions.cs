using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ExtProcRouter.Grpc;

public static class KestrelGrpcExtensions
{
    /// <summary>
    /// Adds HTTP/2-only listeners (TCP and/or Unix socket) for gRPC and raises Kestrel's HTTP/2 limits, which are
    /// server-wide, to what an ext_proc sidecar needs.
    /// </summary>
    public static KestrelServerOptions ListenGrpc(this KestrelServerOptions kestrel, GrpcListenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TcpEndPoint is null && options.UnixSocketPath is null)
            throw new ArgumentException("GrpcListenOptions needs a TcpEndPoint, a UnixSocketPath, or both.", nameof(options));

        var http2 = kestrel.Limits.Http2;
        http2.MaxStreamsPerConnection = Math.Max(http2.MaxStreamsPerConnection, options.MaxStreamsPerConnection);
        http2.InitialConnectionWindowSize = Math.Max(http2.InitialConnectionWindowSize, options.InitialConnectionWindowSize);
        http2.InitialStreamWindowSize = Math.Max(http2.InitialStreamWindowSize, options.InitialStreamWindowSize);

        if (options.TcpEndPoint is { } endPoint)
            kestrel.Listen(endPoint, listen => listen.Protocols = HttpProtocols.Http2);

        if (options.UnixSocketPath is { } path)
        {
            if (options.DeleteStaleUnixSocket && File.Exists(path))
                File.Delete(path);
            kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http2);
        }
        return kestrel;
    }
}
