using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace ExtProcRouter.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing: one flag byte (1 = compressed), a big-endian uint32 length, the message.
/// Shared by the server and the client; works on <see cref="ReadOnlySequence{T}"/> so that messages are parsed
/// straight out of the pipe's buffers.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>Messages up to this size are serialized into one span; larger ones stream into the writer.</summary>
    private const int ContiguousWriteLimit = 64 * 1024;

    public const string CompressionNotSupported = "compressed messages are not supported; disable grpc compression";

    /// <summary>
    /// Finds the first whole message in <paramref name="buffer"/>. Returns false when more bytes are needed.
    /// The declared length is checked against <paramref name="maxMessageBytes"/> as soon as the 5-byte header is
    /// there, so an oversized message is refused before any of it is buffered.
    /// </summary>
    /// <exception cref="GrpcStatusException">Compressed or oversized message, or an invalid flag byte.</exception>
    public static bool TryReadMessage(in ReadOnlySequence<byte> buffer, int maxMessageBytes,
        out ReadOnlySequence<byte> message, out SequencePosition end)
    {
        message = default;
        end = buffer.Start;
        if (buffer.Length < HeaderLength)
            return false;

        Span<byte> header = stackalloc byte[HeaderLength];
        var first = buffer.FirstSpan;
        if (first.Length >= HeaderLength)
            first[..HeaderLength].CopyTo(header);
        else
            buffer.Slice(0, HeaderLength).CopyTo(header);

        switch (header[0])
        {
            case 0: break;
            case 1: throw new GrpcStatusException(GrpcStatusCode.Internal, CompressionNotSupported);
            default: throw new GrpcStatusException(GrpcStatusCode.Internal, $"invalid message flag byte {header[0]}");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageBytes)
        {
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted,
                $"received message larger than max ({length} vs. {maxMessageBytes})");
        }

        if (buffer.Length - HeaderLength < length)
            return false;

        message = buffer.Slice(HeaderLength, length);
        end = message.End;
        return true;
    }

    /// <summary>Writes the 5-byte prefix and the serialized message; the caller flushes.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, IMessage message)
    {
        int size = message.CalculateSize();
        if (size <= ContiguousWriteLimit)
        {
            var span = output.GetSpan(HeaderLength + size);
            WriteHeader(span, size);
            message.WriteTo(span.Slice(HeaderLength, size));
            output.Advance(HeaderLength + size);
        }
        else
        {
            WriteHeader(output.GetSpan(HeaderLength), size);
            output.Advance(HeaderLength);
            message.WriteTo(output);
        }
    }

    private static void WriteHeader(Span<byte> destination, int size)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)size);
    }
}
