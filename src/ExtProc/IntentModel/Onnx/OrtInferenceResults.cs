namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>Outputs of an ONNX Runtime run: spans point into the OrtValues' native buffers.</summary>
internal sealed unsafe class OrtInferenceResults : InferenceResults
{
    private readonly OrtApi _api;
    private readonly string[] _names;
    private readonly nint[] _values;
    private readonly long[][] _shapes;
    private readonly TensorElementType[] _types;
    private readonly nint[] _data;
    private bool _disposed;

    /// <summary>Takes ownership of the output values (each released on dispose, also when reading them fails).</summary>
    internal OrtInferenceResults(OrtApi api, string[] names, nint[] values)
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

    public override int Count => _names.Length;

    /// <summary>True once every output value has been released.</summary>
    internal bool IsReleased => _disposed;

    public override string GetName(int index) => _names[index];

    public override TensorElementType GetElementType(int index) => _types[index];

    public override ReadOnlySpan<long> GetShape(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _shapes[index];
    }

    protected override ReadOnlySpan<T> GetSpan<T>(int index, TensorElementType expected)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckType(index, expected);
        var count = ElementCount(_shapes[index]);
        return count == 0 ? ReadOnlySpan<T>.Empty : new ReadOnlySpan<T>((void*)_data[index], count);
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

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var value in _values)
            if (value != 0) _api.ReleaseValue(value);
    }

    // Output buffers can be large; a forgotten Dispose must not leak them for the life of the process.
    ~OrtInferenceResults() => Dispose(disposing: false);
}
