namespace ExtProcRouter.WellKnown;

/// <summary>Header and trailer names of the gRPC over HTTP/2 protocol (grpc/doc/PROTOCOL-HTTP2.md).</summary>
public static class GrpcHeaderNames
{
    public const string Status = "grpc-status";
    public const string Message = "grpc-message";
    public const string Timeout = "grpc-timeout";
    public const string Encoding = "grpc-encoding";
    public const string AcceptEncoding = "grpc-accept-encoding";
    public const string TE = "te";

    /// <summary>The only content type we produce; requests may add a "+proto" style suffix.</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The only message encoding we support: compression is left to the transport, if any.</summary>
    public const string IdentityEncoding = "identity";
}
