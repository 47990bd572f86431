namespace ExtProcRouter.Grpc.Client;

/// <summary>Where a <see cref="GrpcConnection"/> connects and its limits.</summary>
public sealed class GrpcConnectionOptions
{
    /// <summary>An <c>http://host:port</c> address (HTTP/2 cleartext, prior knowledge). Ignored with a Unix socket.</summary>
    public Uri? Address { get; init; }

    /// <summary>A Unix domain socket path; when set, every connection goes to this socket.</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>Largest response message accepted; larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageBytes { get; init; } = GrpcServerOptions.DefaultMaxReceiveMessageBytes;

    /// <summary>Open another HTTP/2 connection when one reaches the server's concurrent-stream limit.</summary>
    public bool EnableMultipleHttp2Connections { get; init; } = true;

    /// <summary>The receive window per stream; the default of HttpClient (64 KiB) throttles large responses.</summary>
    public int InitialHttp2StreamWindowSize { get; init; } = 1024 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Parses <c>unix:/path/to.sock</c> or <c>unix:///path/to.sock</c> (as gRPC and Envoy write them), or an
    /// <c>http://host:port</c> URL.
    /// </summary>
    public static GrpcConnectionOptions ForTarget(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (target.StartsWith("unix:", StringComparison.Ordinal))
        {
            string path = target["unix:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
                path = path[2..];
            return new GrpcConnectionOptions { UnixSocketPath = path };
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"'{target}' is neither http://host:port nor unix:/path", nameof(target));
        return new GrpcConnectionOptions { Address = uri };
    }
}
