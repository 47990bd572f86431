using Microsoft.AspNetCore.Http;

namespace ExtProcRouter.Grpc;

/// <summary>
/// The cancellation of one server call: the peer's reset (<see cref="HttpContext.RequestAborted"/>) and, when the
/// client sent <c>grpc-timeout</c>, the deadline. Disposing it releases the timer and registrations.
/// </summary>
internal sealed class ServerCallLifetime : ITransportFailureObserver, IDisposable
{
    private readonly CancellationToken _requestAborted;
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource? _linked;
    private readonly CancellationTokenRegistration _interruptPipes;
    private volatile bool _transportFailed;

    public ServerCallLifetime(HttpContext context, TimeSpan? timeout, TimeProvider timeProvider)
    {
        _requestAborted = context.RequestAborted;
        if (timeout is not { } delay)
        {
            // No deadline: Kestrel already fails pending pipe operations when the peer resets, nothing to add.
            Token = _requestAborted;
            return;
        }

        _deadline = new CancellationTokenSource(delay, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_requestAborted, _deadline.Token);
        Token = _linked.Token;
        var request = context.Request;
        var response = context.Response;
        // A handler blocked in a pipe read or flush would not otherwise notice the deadline.
        _interruptPipes = Token.UnsafeRegister(static state =>
        {
            var (req, resp) = ((HttpRequest, HttpResponse))state!;
            Interrupt(req.BodyReader.CancelPendingRead);
            Interrupt(resp.BodyWriter.CancelPendingFlush);
        }, (request, response));
    }

    /// <summary>
    /// Runs on the deadline's timer thread, where an exception would end the process. When the peer reset the stream
    /// just before the deadline, Kestrel throws from these calls; the pipe is already failed, so there is nothing left
    /// to interrupt.
    /// </summary>
    private static void Interrupt(Action cancelPending)
    {
        try
        {
            cancelPending();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>The token handed to the handler: cancelled by the deadline or the peer's reset.</summary>
    public CancellationToken Token { get; }

    /// <summary>The peer reset the stream (or the connection broke): nothing will reach it any more.</summary>
    public bool PeerReset => _transportFailed || _requestAborted.IsCancellationRequested;

    public void OnTransportFailure(Exception exception) => _transportFailed = true;

    public bool DeadlineExceeded => _deadline?.IsCancellationRequested == true && !PeerReset;

    public void Dispose()
    {
        _interruptPipes.Dispose();
        _linked?.Dispose();
        _deadline?.Dispose();
    }
}
