using System.IO.Pipelines;
using Google.Protobuf;

namespace ExtProcRouter.Grpc;

/// <summary>
/// Writes length-prefixed messages to a pipe and flushes each one, so the peer sees every reply at once.
/// Not thread-safe: one write at a time.
/// </summary>
internal sealed class PipeMessageWriter<T>(PipeWriter writer, CancellationToken callToken) : IMessageWriter<T>
    where T : IMessage<T>
{
    public ValueTask WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        GrpcFraming.WriteMessage(writer, message);
        var flush = writer.FlushAsync(cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            // The common case on a healthy connection: no state machine, no allocation.
            ThrowIfCanceled(flush.Result);
            return ValueTask.CompletedTask;
        }
        return AwaitFlushAsync(flush);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => ThrowIfCanceled(await flush.ConfigureAwait(false));

    private void ThrowIfCanceled(FlushResult result)
    {
        // CancelPendingFlush is how the call's deadline interrupts a write blocked on HTTP/2 flow control.
        if (result.IsCanceled)
            throw new OperationCanceledException("the call was cancelled", callToken);
    }
}
