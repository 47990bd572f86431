using ExtProcRouter.Translation.Buffers;

namespace ExtProcRouter.Tests.Translation.Buffers;

public sealed class PooledByteBufferTests
{
    [Fact]
    public void Grows_keeps_content_and_is_reusable_after_dispose()
    {
        var buffer = new PooledByteBuffer();
        var expected = new List<byte>();
        for (var i = 0; i < 2000; i++)
        {
            buffer.Append((byte)(i % 251));
            expected.Add((byte)(i % 251));
        }
        buffer.Append([1, 2, 3]);
        expected.AddRange([1, 2, 3]);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());

        buffer.Dispose();
        Assert.Equal(0, buffer.Length);
        buffer.Append([9]);
        Assert.Equal([9], buffer.ToArray());
        buffer.Dispose();
    }

    [Fact]
    public void Works_as_a_buffer_writer()
    {
        using var buffer = new PooledByteBuffer();
        var span = buffer.GetSpan(5);
        "hello"u8.CopyTo(span);
        buffer.Advance(5);
        Assert.Equal("hello"u8.ToArray(), buffer.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(1_000_000));
    }
}
