using System.Runtime.InteropServices;

namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// The outputs of one run. Spans returned by the accessors point into native buffers and are valid until this object
/// is disposed; copy what must outlive it.
/// </summary>
public sealed unsafe class InferenceResults : IDisposable
{
    private readonly OrtApi _api;
    private readonly string[] _names;
    private readonly nint[] _values;
    private readonly long[][] _shapes;
    private readonly TensorElementType[] _types;
    private readonly nint[] _data;
    private bool _disposed;

    /// <summary>Takes ownership of the output values (each released on dispose, also when reading them fails).</summary>
    internal InferenceResults(OrtApi api, string[] names, nint[] values)
    {
        _api = api;
        _names = names;
        _values = values;
        _shapes = new long[values.Length][];
        _types = new TensorElementType[values.Length];
        _data = new nint[values.Length];
        try
        {
            for (var i = 0; i < values.Length; i++) Describe(i);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _names.Length;

    public string GetName(int index) => _names[index];

    public int IndexOf(string name)
    {
        var index = Array.IndexOf(_names, name);
        return index >= 0 ? index : throw new ArgumentException($"'{name}' is not among the requested outputs ({string.Join(", ", _names)}).", nameof(name));
    }

    public TensorElementType GetElementType(int index) => _types[index];

    public ReadOnlySpan<long> GetShape(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _shapes[index];
    }

    public ReadOnlySpan<float> GetFloats(int index) => GetSpan<float>(index, TensorElementType.Float);

    public ReadOnlySpan<int> GetInt32s(int index) => GetSpan<int>(index, TensorElementType.Int32);

    public ReadOnlySpan<long> GetInt64s(int index) => GetSpan<long>(index, TensorElementType.Int64);

    private ReadOnlySpan<T> GetSpan<T>(int index, TensorElementType expected) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_types[index] != expected)
            throw new InvalidOperationException($"Output '{_names[index]}' holds {_types[index]} elements, not {expected}.");
        long count = 1;
        foreach (var dimension in _shapes[index]) count *= dimension;
        return count == 0 ? ReadOnlySpan<T>.Empty : new ReadOnlySpan<T>((void*)_data[index], checked((int)count));
    }

    private void Describe(int index)
    {
        var value = _values[index];
        nint info;
        _api.Check(_api.GetTensorTypeAndShape(value, &info), "GetTensorTypeAndShape");
        try
        {
            int type;
            _api.Check(_api.GetTensorElementType(info, &type), "GetTensorElementType");
            nuint rank;
            _api.Check(_api.GetDimensionsCount(info, &rank), "GetDimensionsCount");
            var shape = new long[(int)rank];
            fixed (long* dims = shape) _api.Check(_api.GetDimensions(info, dims, rank), "GetDimensions");
            _shapes[index] = shape;
            _types[index] = type switch
            {
                (int)TensorElementType.Float => TensorElementType.Float,
                (int)TensorElementType.Int32 => TensorElementType.Int32,
                (int)TensorElementType.Int64 => TensorElementType.Int64,
                _ => throw new NotSupportedException($"Output '{_names[index]}' has ONNX element type {type}, which this binding does not read."),
            };
        }
        finally
        {
            _api.ReleaseTensorTypeAndShapeInfo(info);
        }
        void* data;
        _api.Check(_api.GetTensorMutableData(value, &data), "GetTensorMutableData");
        _data[index] = (nint)data;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var value in _values)
            if (value != 0) _api.ReleaseValue(value);
        GC.SuppressFinalize(this);
    }

    // Output buffers can be large; a forgotten Dispose must not leak them for the life of the process.
    ~InferenceResults() => Dispose();
}
