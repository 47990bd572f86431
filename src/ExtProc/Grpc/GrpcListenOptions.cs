using System.Net;

namespace ExtProcRouter.Grpc;

/// <summary>Where and how Kestrel listens for gRPC (HTTP/2 cleartext with prior knowledge, as Envoy connects).</summary>
public sealed class GrpcListenOptions
{
    /// <summary>TCP endpoint, e.g. 127.0.0.1:50051 (port 0 picks a free port). Null: no TCP listener.</summary>
    public IPEndPoint? TcpEndPoint { get; set; }

    /// <summary>Unix domain socket path. Null: no socket listener.</summary>
    public string? UnixSocketPath { get; set; }

    /// <summary>
    /// Remove a leftover socket file from a previous run, which would otherwise make binding fail. A socket that a
    /// live server answers on is left alone (startup fails with a clear error instead).
    /// </summary>
    public bool DeleteStaleUnixSocket { get; set; } = true;

    /// <summary>Envoy multiplexes one ext_proc stream per HTTP request over few connections: allow many.</summary>
    public int MaxStreamsPerConnection { get; set; } = 2000;

    /// <summary>HTTP/2 flow-control windows; large enough that a multi-MiB buffered body is not throttled.</summary>
    public int InitialConnectionWindowSize { get; set; } = 8 * 1024 * 1024;

    public int InitialStreamWindowSize { get; set; } = 2 * 1024 * 1024;
}
