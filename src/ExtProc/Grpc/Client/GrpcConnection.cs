using System.Collections.Concurrent;
using System.Net.Sockets;
using Google.Protobuf;

namespace ExtProcRouter.Grpc.Client;

/// <summary>
/// A minimal gRPC client channel: HTTP/2 cleartext with prior knowledge over TCP or a Unix socket, many concurrent
/// calls multiplexed over pooled connections. Owns its handler; dispose it when done.
/// </summary>
public sealed class GrpcConnection : IDisposable
{
    private readonly GrpcConnectionOptions _options;
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _baseAddress;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    public GrpcConnection(GrpcConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            InitialHttp2StreamWindowSize = options.InitialHttp2StreamWindowSize,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };

        if (options.UnixSocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixSocketAsync(socketPath, cancellationToken);
            _baseAddress = new Uri("http://localhost");
        }
        else
        {
            _baseAddress = options.Address
                ?? throw new ArgumentException("GrpcConnectionOptions needs an Address or a UnixSocketPath.", nameof(options));
        }
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>Connects to <c>http://host:port</c> or <c>unix:/path</c>.</summary>
    public GrpcConnection(string target) : this(GrpcConnectionOptions.ForTarget(target))
    {
    }

    /// <summary>Starts a bidirectional streaming call, e.g. <c>/envoy.service.ext_proc.v3.ExternalProcessor/Process</c>.</summary>
    public DuplexCall<TRequest, TResponse> StartDuplex<TRequest, TResponse>(string methodPath,
        MessageParser<TResponse> responseParser, GrpcCallOptions? options = null)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(responseParser);
        return new DuplexCall<TRequest, TResponse>(_invoker, MethodUri(methodPath), responseParser,
            _options.MaxReceiveMessageBytes, options ?? new GrpcCallOptions(), _options.TimeProvider);
    }

    /// <summary>A unary call, e.g. <c>/grpc.health.v1.Health/Check</c>.</summary>
    /// <exception cref="GrpcStatusException">The call ended with a non-OK status.</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(string methodPath, TRequest request,
        MessageParser<TResponse> responseParser, GrpcCallOptions? options = null)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        await using var call = StartDuplex<TRequest, TResponse>(methodPath, responseParser, options);
        await call.WriteAsync(request).ConfigureAwait(false);
        await call.CompleteRequestsAsync().ConfigureAwait(false);
        var response = await call.ReadAsync().ConfigureAwait(false)
            ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "the server sent no response message to a unary call");
        var status = await call.GetStatusAsync().ConfigureAwait(false);
        if (!status.IsOk)
            throw new GrpcStatusException(status.Code, status.Message);
        return response;
    }

    public void Dispose() => _invoker.Dispose();

    private Uri MethodUri(string methodPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodPath);
        return _methodUris.GetOrAdd(methodPath, static (path, baseAddress) => new Uri(baseAddress, path), _baseAddress);
    }

    private static async ValueTask<Stream> ConnectUnixSocketAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
