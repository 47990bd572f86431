using System.Buffers;

namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>A named input tensor over caller-owned memory (row-major), used without copying.</summary>
public readonly struct InferenceInput
{
    private readonly ReadOnlyMemory<float> _floats;
    private readonly ReadOnlyMemory<int> _ints;
    private readonly ReadOnlyMemory<long> _longs;

    private InferenceInput(string name, TensorElementType type, long[] shape,
        ReadOnlyMemory<float> floats, ReadOnlyMemory<int> ints, ReadOnlyMemory<long> longs, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long expected = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0) throw new ArgumentException($"Input '{name}': dimension {dimension} of shape [{string.Join(", ", shape)}] is negative.", nameof(shape));
            expected *= dimension;
        }
        if (expected != length)
            throw new ArgumentException($"Input '{name}': shape [{string.Join(", ", shape)}] needs {expected} elements but {length} were given.", nameof(shape));
        Name = name;
        ElementType = type;
        Shape = shape;
        _floats = floats;
        _ints = ints;
        _longs = longs;
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    public long[] Shape { get; }

    /// <summary>The data when <see cref="ElementType"/> is Float (empty otherwise); lets other bindings read inputs.</summary>
    public ReadOnlyMemory<float> FloatData => _floats;

    /// <summary>The data when <see cref="ElementType"/> is Int32 (empty otherwise).</summary>
    public ReadOnlyMemory<int> Int32Data => _ints;

    /// <summary>The data when <see cref="ElementType"/> is Int64 (empty otherwise).</summary>
    public ReadOnlyMemory<long> Int64Data => _longs;

    public static InferenceInput Float(string name, ReadOnlyMemory<float> data, params long[] shape) =>
        new(name, TensorElementType.Float, shape, data, default, default, data.Length);

    public static InferenceInput Int32(string name, ReadOnlyMemory<int> data, params long[] shape) =>
        new(name, TensorElementType.Int32, shape, default, data, default, data.Length);

    public static InferenceInput Int64(string name, ReadOnlyMemory<long> data, params long[] shape) =>
        new(name, TensorElementType.Int64, shape, default, default, data, data.Length);

    internal int ByteLength => ElementType switch
    {
        TensorElementType.Float => _floats.Length * sizeof(float),
        TensorElementType.Int32 => _ints.Length * sizeof(int),
        _ => _longs.Length * sizeof(long),
    };

    /// <summary>Pins the data so native code can read it in place until the handle is disposed.</summary>
    internal MemoryHandle Pin() => ElementType switch
    {
        TensorElementType.Float => _floats.Pin(),
        TensorElementType.Int32 => _ints.Pin(),
        _ => _longs.Pin(),
    };
}
