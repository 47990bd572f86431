using System.IO.Pipelines;
using Google.Protobuf;

namespace ExtProcRouter.Grpc;

/// <summary>
/// Reads length-prefixed messages from a pipe (the HTTP/2 request body on the server, the response body on the
/// client). Not thread-safe: one read at a time, as with every gRPC stream.
/// </summary>
internal sealed class PipeMessageReader<T>(PipeReader reader, MessageParser<T> parser, int maxMessageBytes,
    CancellationToken callToken, ITransportFailureObserver? transportObserver = null) : IMessageReader<T>
    where T : class, IMessage<T>
{
    private bool _ended;

    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
            return null;

        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                // CancelPendingRead is how the call's deadline interrupts a read that is waiting for the peer.
                if (result.IsCanceled)
                    throw new OperationCanceledException("the call was cancelled", callToken);

                var buffer = result.Buffer;
                var consumed = buffer.Start;
                try
                {
                    if (GrpcFraming.TryReadMessage(buffer, maxMessageBytes, out var payload, out var end))
                    {
                        consumed = end;
                        return Parse(payload);
                    }

                    if (result.IsCompleted)
                    {
                        consumed = buffer.End;
                        _ended = true;
                        if (!buffer.IsEmpty)
                            throw new GrpcStatusException(GrpcStatusCode.Internal, "the stream ended in the middle of a message");
                        return null;
                    }
                }
                finally
                {
                    // Everything looked at counts as examined, so the next read waits for new bytes (and HTTP/2 flow
                    // control keeps granting window while a large message accumulates).
                    reader.AdvanceTo(consumed, buffer.End);
                }
            }
        }
        catch (Exception e) when (transportObserver is not null && e is not (OperationCanceledException or GrpcStatusException))
        {
            // The peer reset the stream or the connection died (Kestrel reports it from ReadAsync or AdvanceTo):
            // to the handler, that is a cancellation.
            transportObserver.OnTransportFailure(e);
            throw new OperationCanceledException("the peer closed the stream", e, callToken);
        }
    }

    private T Parse(in System.Buffers.ReadOnlySequence<byte> payload)
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"invalid protobuf message: {e.Message}");
        }
    }
}
