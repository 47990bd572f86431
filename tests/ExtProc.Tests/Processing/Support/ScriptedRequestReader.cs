using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>Plays Envoy's side: hands out the given messages in order, then half-closes (or waits for cancellation).</summary>
internal sealed class ScriptedRequestReader(IEnumerable<ProcessingRequest> messages, bool holdOpenAtEnd = false)
    : IMessageReader<ProcessingRequest>
{
    private readonly Queue<ProcessingRequest> _messages = new(messages);

    public int ReadCount { get; private set; }

    public async ValueTask<ProcessingRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        ReadCount++;
        if (_messages.TryDequeue(out var next)) return next;
        if (holdOpenAtEnd) await Task.Delay(Timeout.Infinite, cancellationToken);
        return null;
    }
}
