using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Tests.Processing.Support;

namespace ExtProcRouter.Tests.Metrics.Support;

/// <summary>Plays Envoy's side like ScriptedRequestReader, moving the manual clock by a fixed step before every message after the first.</summary>
internal sealed class SteppedRequestReader(ManualTimeProvider time, TimeSpan step, IEnumerable<ProcessingRequest> messages)
    : IMessageReader<ProcessingRequest>
{
    private readonly Queue<ProcessingRequest> _messages = new(messages);
    private bool _started;

    public ValueTask<ProcessingRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_messages.TryDequeue(out var next)) return ValueTask.FromResult<ProcessingRequest?>(null);
        if (_started) time.Advance(step);
        _started = true;
        return ValueTask.FromResult<ProcessingRequest?>(next);
    }
}
