using System.IO.Pipelines;
using Google.Protobuf;

namespace ExtProcRouter.Grpc;

/// <summary>
/// Writes length-prefixed messages to a pipe and flushes each one, so the peer sees every reply at once.
/// Not thread-safe: one write at a time.
/// </summary>
internal sealed class PipeMessageWriter<T>(PipeWriter writer, CancellationToken callToken,
    ITransportFailureObserver? transportObserver = null) : IMessageWriter<T>
    where T : IMessage<T>
{
    public ValueTask WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValueTask<FlushResult> flush;
        try
        {
            GrpcFraming.WriteMessage(writer, message);
            flush = writer.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw TransportFailed(e);
        }
        if (flush.IsCompletedSuccessfully)
        {
            // The common case on a healthy connection: no state machine, no allocation.
            ThrowIfCanceled(flush.Result);
            return ValueTask.CompletedTask;
        }
        return AwaitFlushAsync(flush);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw TransportFailed(e);
        }
        ThrowIfCanceled(result);
    }

    private bool IsTransportFailure(Exception e) =>
        transportObserver is not null && e is not (OperationCanceledException or ArgumentException or InvalidOperationException);

    private OperationCanceledException TransportFailed(Exception e)
    {
        // The peer reset the stream or the connection died: to the handler, that is a cancellation.
        transportObserver!.OnTransportFailure(e);
        return new OperationCanceledException("the peer closed the stream", e, callToken);
    }

    private void ThrowIfCanceled(FlushResult result)
    {
        // CancelPendingFlush is how the call's deadline interrupts a write blocked on HTTP/2 flow control.
        if (result.IsCanceled)
            throw new OperationCanceledException("the call was cancelled", callToken);
    }
}
