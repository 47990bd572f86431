namespace ExtProcRouter.Grpc;

/// <summary>The messages a client sends on a streaming call, in order.</summary>
public interface IMessageReader<T>
{
    /// <summary>The next message, or null once the client has half-closed its side.</summary>
    ValueTask<T?> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Sends messages to the client on a streaming call; each write is flushed.</summary>
public interface IMessageWriter<in T>
{
    ValueTask WriteAsync(T message, CancellationToken cancellationToken);
}
