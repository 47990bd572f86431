using System.IO.Pipelines;
using ExtProcRouter.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ExtProcRouter.Tests.Grpc;

public class ServerCallLifetimeTests
{
    /// <summary>What Kestrel's request reader does once the peer has reset the stream.</summary>
    private sealed class ResetRequestReader : PipeReader
    {
        public int CancelCalls;
        public override void CancelPendingRead()
        {
            Interlocked.Increment(ref CancelCalls);
            throw new IOException("The client reset the request stream.");
        }
        public override void AdvanceTo(SequencePosition consumed) { }
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) { }
        public override void Complete(Exception? exception = null) { }
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => default;
        public override bool TryRead(out ReadResult result) { result = default; return false; }
    }

    private sealed class RecordingWriter : PipeWriter
    {
        public int CancelCalls;
        public override void CancelPendingFlush() => Interlocked.Increment(ref CancelCalls);
        public override void Advance(int bytes) { }
        public override void Complete(Exception? exception = null) { }
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => default;
        public override Memory<byte> GetMemory(int sizeHint = 0) => new byte[Math.Max(sizeHint, 1)];
        public override Span<byte> GetSpan(int sizeHint = 0) => new byte[Math.Max(sizeHint, 1)];
    }

    private sealed class ResponseBody(PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => Stream.Null;
        public PipeWriter Writer => writer;
        public void DisableBuffering() { }
        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task CompleteAsync() => Task.CompletedTask;
    }

    private sealed class RequestBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    [Fact]
    public async Task A_deadline_after_the_peer_reset_interrupts_what_it_can_and_never_throws_on_the_timer_thread()
    {
        var (reader, writer) = (new ResetRequestReader(), new RecordingWriter());
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestBodyPipeFeature>(new RequestBody(reader));
        context.Features.Set<IHttpResponseBodyFeature>(new ResponseBody(writer));
        var unobserved = 0;
        void Count(object? sender, UnhandledExceptionEventArgs e) => Interlocked.Increment(ref unobserved);
        AppDomain.CurrentDomain.UnhandledException += Count;
        try
        {
            using var lifetime = new ServerCallLifetime(context, TimeSpan.FromMilliseconds(1), TimeProvider.System);
            using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Volatile.Read(ref writer.CancelCalls) == 0) await Task.Delay(5, waited.Token);

            Assert.True(lifetime.Token.IsCancellationRequested);
            Assert.True(lifetime.DeadlineExceeded);
            Assert.Equal(1, reader.CancelCalls);
            Assert.Equal(1, writer.CancelCalls);
            Assert.Equal(0, unobserved);
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= Count;
        }
    }
}
