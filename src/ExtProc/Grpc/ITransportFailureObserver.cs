namespace ExtProcRouter.Grpc;

/// <summary>
/// Told when reading or writing a call's stream fails underneath the handler. Kestrel signals a peer reset on
/// <c>RequestAborted</c> asynchronously, so a pipe operation can fail before that token says so.
/// </summary>
internal interface ITransportFailureObserver
{
    void OnTransportFailure(Exception exception);
}
