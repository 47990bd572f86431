namespace ExtProcRouter.Grpc;

/// <summary>Ends a call with a non-OK status; the message goes to the peer in <c>grpc-message</c>.</summary>
public sealed class GrpcStatusException(GrpcStatusCode status, string message) : Exception(message)
{
    public GrpcStatusCode Status { get; } = status;
}
