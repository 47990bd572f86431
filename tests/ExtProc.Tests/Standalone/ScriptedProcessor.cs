using System.Collections.Concurrent;
using System.Threading.Channels;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Standalone;

namespace ExtProcRouter.Tests.Standalone;

/// <summary>An ext_proc peer whose replies come from a script, recording every message Envoy's side sends.</summary>
internal sealed class ScriptedProcessor(Func<ProcessingRequest, ExtProcReply> script, TimeSpan? delay = null) : IExtProcClient
{
    private readonly Func<ProcessingRequest, ExtProcReply> _script = script;
    private readonly TimeSpan? _delay = delay;

    public ConcurrentQueue<ProcessingRequest> Received { get; } = new();

    public int OpenStreams;

    public IExtProcStream OpenStream(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref OpenStreams);
        return new Stream(this);
    }

    private sealed class Stream(ScriptedProcessor owner) : IExtProcStream
    {
        private readonly Channel<ExtProcReply> _replies = Channel.CreateUnbounded<ExtProcReply>();

        public ValueTask SendAsync(ProcessingRequest request, CancellationToken cancellationToken)
        {
            owner.Received.Enqueue(request.Clone());
            return _replies.Writer.WriteAsync(owner._script(request), cancellationToken);
        }

        public async ValueTask<ExtProcReply> ReceiveAsync(CancellationToken cancellationToken)
        {
            if (owner._delay is { } d) await Task.Delay(d, cancellationToken);
            return await _replies.Reader.ReadAsync(cancellationToken);
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Decrement(ref owner.OpenStreams);
            return ValueTask.CompletedTask;
        }
    }
}
