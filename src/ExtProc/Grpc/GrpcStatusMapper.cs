namespace ExtProcRouter.Grpc;

/// <summary>How a handler's exception becomes the status sent to the peer.</summary>
internal static class GrpcStatusMapper
{
    /// <summary>The message for unexpected failures: details go to the log, never to the peer.</summary>
    public const string InternalErrorMessage = "internal error in the external processor";

    /// <param name="exception">What the handler threw.</param>
    /// <param name="deadlineExceeded">The call's deadline has passed.</param>
    /// <param name="peerReset">The peer reset the stream (nothing will reach it any more).</param>
    /// <param name="unexpected">True when the exception is a bug or fault worth logging as an error.</param>
    public static GrpcCallStatus FromException(Exception exception, bool deadlineExceeded, bool peerReset, out bool unexpected)
    {
        unexpected = false;
        switch (exception)
        {
            case GrpcStatusException status:
                return new GrpcCallStatus(status.Status, status.Message);
            case OperationCanceledException when deadlineExceeded:
                return new GrpcCallStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded");
            // After a reset, Kestrel fails pipe operations with IO or abort exceptions, not only cancellations.
            case not null when peerReset:
                return new GrpcCallStatus(GrpcStatusCode.Cancelled, "the call was cancelled by the peer");
            default:
                unexpected = true;
                return new GrpcCallStatus(GrpcStatusCode.Internal, InternalErrorMessage);
        }
    }
}
