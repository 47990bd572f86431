using System.Buffers.Binary;
using System.Text;

namespace ExtProcRouter.IntentModel.Onnx.Writing;

/// <summary>
/// The few protocol-buffer encodings that ONNX model files need (varints, length-delimited fields, packed
/// repeated scalars). Nested messages are written into their own writer and copied in with their length, which
/// is simple and fast enough for a one-time model export.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly MemoryStream _buffer = new();

    public long Length => _buffer.Length;

    public void Varint(int field, long value)
    {
        Tag(field, WireVarint);
        RawVarint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        RawVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void Message(int field, ProtobufWriter message)
    {
        Tag(field, WireLengthDelimited);
        RawVarint((ulong)message._buffer.Length);
        message._buffer.Position = 0;
        message._buffer.CopyTo(_buffer);
    }

    public void PackedVarints(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        var packed = new ProtobufWriter();
        foreach (var value in values) packed.RawVarint((ulong)value);
        Message(field, packed);
    }

    public void PackedFloats(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        Bytes(field, bytes);
    }

    public byte[] ToArray() => _buffer.ToArray();

    public void CopyTo(Stream destination)
    {
        _buffer.Position = 0;
        _buffer.CopyTo(destination);
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
