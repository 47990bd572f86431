using System.Buffers;

namespace ExtProcRouter.Translation.Buffers;

/// <summary>
/// A growable byte buffer backed by <see cref="ArrayPool{T}.Shared"/>: carries partial SSE lines and buffered
/// bodies between chunks without allocating per chunk. Not thread-safe; one per translator.
/// </summary>
internal sealed class PooledByteBuffer : IBufferWriter<byte>, IDisposable
{
    private const int MinimumRent = 256;
    private byte[] _array = [];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureFree(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(byte value)
    {
        EnsureFree(1);
        _array[_length++] = value;
    }

    public void Clear() => _length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _array.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(Math.Max(sizeHint, 1));
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(Math.Max(sizeHint, 1));
        return _array.AsSpan(_length);
    }

    /// <summary>Returns the array to the pool; the buffer stays usable and rents again on the next write.</summary>
    public void Dispose()
    {
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _length = 0;
    }

    private void EnsureFree(int count)
    {
        if (_array.Length - _length >= count) return;
        var needed = checked(_length + count);
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(needed, MinimumRent), _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(next);
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }
}
