using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Processing;

public class PooledBufferWriterTests
{
    [Fact]
    public void Grows_keeps_written_bytes_and_clears_for_reuse()
    {
        using var writer = new PooledBufferWriter(4);
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();

        writer.Write(data.AsSpan(0, 3));
        writer.Write(data.AsSpan(3));

        Assert.Equal(data, writer.WrittenSpan.ToArray());
        writer.Clear();
        Assert.Equal(0, writer.WrittenCount);
        writer.Write([7]);
        Assert.Equal([7], writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Refuses_to_advance_past_the_buffer()
    {
        using var writer = new PooledBufferWriter(16);
        var length = writer.GetSpan(16).Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var writer = new PooledBufferWriter(16);
        writer.Write([1, 2]);
        writer.Dispose();
        writer.Dispose();

        Assert.Equal(0, writer.WrittenCount);
    }
}
