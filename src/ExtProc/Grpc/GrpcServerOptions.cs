namespace ExtProcRouter.Grpc;

/// <summary>Per-call limits of the gRPC server layer.</summary>
public sealed class GrpcServerOptions
{
    public const int DefaultMaxReceiveMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Largest request message accepted; larger ones end the call with RESOURCE_EXHAUSTED before being buffered.
    /// Envoy sends whole request bodies in BUFFERED mode, hence the generous default (16 MiB).
    /// </summary>
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxReceiveMessageBytes;

    /// <summary>
    /// Reject a malformed <c>grpc-timeout</c> header with INTERNAL (as grpc-go does) instead of ignoring it.
    /// </summary>
    public bool RejectMalformedTimeout { get; set; } = true;
}
