using System.Buffers;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>Builds multi-segment sequences, as a socket delivers data in arbitrary pieces.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Of(byte[] data, IReadOnlyList<int> sizes)
    {
        Segment? first = null, last = null;
        int offset = 0;
        foreach (int size in sizes)
        {
            var segment = new Segment(data.AsMemory(offset, size), last);
            first ??= segment;
            last = segment;
            offset += size;
        }
        if (offset != data.Length)
            throw new ArgumentException("the sizes must cover the data exactly", nameof(sizes));
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
