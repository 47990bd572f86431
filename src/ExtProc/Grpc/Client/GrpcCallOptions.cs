namespace ExtProcRouter.Grpc.Client;

/// <summary>Per-call settings.</summary>
public sealed class GrpcCallOptions
{
    /// <summary>Sent as <c>grpc-timeout</c>; the call also ends locally with DEADLINE_EXCEEDED when it passes.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Cancelling it resets the stream; the call ends with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Extra request headers (gRPC metadata); names must be lower-case.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}
