using System.Buffers;
using System.IO.Pipelines;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Grpc;

public sealed class PipeMessageReaderTests
{
    private static byte[] Frames(params ProcessingRequest[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
            GrpcFraming.WriteMessage(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    private static PipeMessageReader<ProcessingRequest> ReaderOf(Pipe pipe, int max = 1 << 20) =>
        new(pipe.Reader, ProcessingRequest.Parser, max, CancellationToken.None);

    [Fact]
    public async Task MessagesArrivingOneByteAtATime_AreReadInOrder()
    {
        var expected = new[] { ExtProcMessages.RequestHeaders(), ExtProcMessages.RequestBody(100), ExtProcMessages.ResponseHeaders() };
        byte[] bytes = Frames(expected);
        var pipe = new Pipe();
        var reader = ReaderOf(pipe);

        var writing = Task.Run(async () =>
        {
            foreach (byte b in bytes)
                await pipe.Writer.WriteAsync(new[] { b });
            await pipe.Writer.CompleteAsync();
        });

        var actual = new List<ProcessingRequest>();
        while (await reader.ReadAsync(CancellationToken.None) is { } message)
            actual.Add(message);
        await writing;

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task SeveralMessagesInOneRead_AreReturnedOneByOne()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frames(ExtProcMessages.RequestHeaders(), ExtProcMessages.ResponseHeaders()));
        await pipe.Writer.CompleteAsync();
        var reader = ReaderOf(pipe);

        Assert.Equal(ProcessingRequest.RequestOneofCase.RequestHeaders, (await reader.ReadAsync(default))!.RequestCase);
        Assert.Equal(ProcessingRequest.RequestOneofCase.ResponseHeaders, (await reader.ReadAsync(default))!.RequestCase);
        Assert.Null(await reader.ReadAsync(default));
        Assert.Null(await reader.ReadAsync(default));
    }

    [Fact]
    public async Task StreamEndingInsideAMessage_IsInternal()
    {
        byte[] frame = Frames(ExtProcMessages.RequestBody(50));
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(frame.AsMemory(0, frame.Length - 1));
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => ReaderOf(pipe).ReadAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.Internal, error.Status);
    }

    [Fact]
    public async Task OversizedMessage_FailsAsSoonAsItsHeaderArrives()
    {
        var pipe = new Pipe();
        // Only the header of a 10 MB message is ever written, and the pipe stays open.
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0x98, 0x96, 0x80 });

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => ReaderOf(pipe, max: 1024).ReadAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.Status);
    }

    [Fact]
    public async Task GarbagePayload_IsInternal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 0xFF, 0xFF });
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => ReaderOf(pipe).ReadAsync(default).AsTask());
        Assert.Equal(GrpcStatusCode.Internal, error.Status);
    }

    [Fact]
    public async Task CancelPendingRead_SurfacesAsCancellation()
    {
        var pipe = new Pipe();
        var read = ReaderOf(pipe).ReadAsync(default).AsTask();
        pipe.Reader.CancelPendingRead();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }
}
