using System.Buffers;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Grpc;

public sealed class GrpcFramingTests
{
    private static byte[] Frame(ProcessingRequest message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GrpcFraming.WriteMessage(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void WriteMessage_PrefixesFlagAndBigEndianLength()
    {
        var message = ExtProcMessages.RequestBody(300);
        byte[] frame = Frame(message);

        Assert.Equal(0, frame[0]);
        int length = (frame[1] << 24) | (frame[2] << 16) | (frame[3] << 8) | frame[4];
        Assert.Equal(message.CalculateSize(), length);
        Assert.Equal(GrpcFraming.HeaderLength + length, frame.Length);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200_000)] // above the contiguous-write limit: streamed into the buffer writer
    public void WrittenFrame_ReadsBackToTheSameMessage(int bodyBytes)
    {
        var message = ExtProcMessages.RequestBody(bodyBytes);
        var sequence = new ReadOnlySequence<byte>(Frame(message));

        Assert.True(GrpcFraming.TryReadMessage(sequence, int.MaxValue, out var payload, out var end));
        Assert.Equal(message, ProcessingRequest.Parser.ParseFrom(payload));
        Assert.Equal(sequence.End, end);
    }

    [Fact]
    public void MessageSplitAcrossSegments_IsFoundOnceWhole()
    {
        byte[] frame = Frame(ExtProcMessages.RequestHeaders());
        // The header itself straddles segments (2 + 3 bytes), then one byte per segment.
        var sequence = Segments.Of(frame, [2, 3, .. Enumerable.Repeat(1, frame.Length - 5)]);

        Assert.True(GrpcFraming.TryReadMessage(sequence, int.MaxValue, out var payload, out _));
        Assert.Equal(ExtProcMessages.RequestHeaders(), ProcessingRequest.Parser.ParseFrom(payload));
    }

    [Fact]
    public void IncompleteHeaderOrBody_AsksForMoreBytes()
    {
        byte[] frame = Frame(ExtProcMessages.RequestBody(10));
        for (int length = 0; length < frame.Length; length++)
            Assert.False(GrpcFraming.TryReadMessage(new ReadOnlySequence<byte>(frame, 0, length), int.MaxValue, out _, out _));
    }

    [Fact]
    public void ZeroLengthMessage_IsAWholeEmptyMessage()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 0 });

        Assert.True(GrpcFraming.TryReadMessage(sequence, 16, out var payload, out var end));
        Assert.True(payload.IsEmpty);
        Assert.Equal(sequence.End, end);
        Assert.Equal(new ProcessingRequest(), ProcessingRequest.Parser.ParseFrom(payload));
    }

    [Fact]
    public void OversizedLength_IsRefusedFromTheHeaderAlone_WithoutAllocatingTheMessage()
    {
        // Declares 2 GiB - 1 but carries nothing: the length alone must decide.
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF });
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(sequence, 1024, out _, out _));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.Status);
        Assert.Contains("larger than max", error.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void LengthAtTheLimit_IsAccepted()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 3, 1, 2, 3 });
        Assert.True(GrpcFraming.TryReadMessage(sequence, 3, out var payload, out _));
        Assert.Equal(3, payload.Length);
        Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(sequence, 2, out _, out _));
    }

    [Fact]
    public void CompressedFlag_IsRefusedWithAClearMessage()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 1, 0, 0, 0, 1, 42 });

        var error = Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(sequence, 1024, out _, out _));

        Assert.Equal(GrpcStatusCode.Internal, error.Status);
        Assert.Equal("compressed messages are not supported; disable grpc compression", error.Message);
    }

    [Fact]
    public void UnknownFlagByte_IsAProtocolError()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 7, 0, 0, 0, 0 });
        var error = Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(sequence, 1024, out _, out _));
        Assert.Equal(GrpcStatusCode.Internal, error.Status);
    }
}
