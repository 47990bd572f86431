using System.Net.Sockets;
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
            if (options.DeleteStaleUnixSocket)
                DeleteStaleSocket(path);
            kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http2);
        }
        return kestrel;
    }

    /// <summary>
    /// A socket file left by a crashed run makes binding fail; one that a live server still answers on is not ours
    /// to take over.
    /// </summary>
    private static void DeleteStaleSocket(string path)
    {
        if (!File.Exists(path))
            return;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException)
            {
                File.Delete(path);
                return;
            }
        }
        throw new IOException($"another process is already listening on the Unix socket {path}");
    }
}
