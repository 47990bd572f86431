namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// The outputs of one run, in the order they were requested. Spans returned by the accessors may point into native
/// buffers and are valid until this object is disposed; copy what must outlive it.
/// </summary>
public abstract class InferenceResults : IDisposable
{
    public abstract int Count { get; }

    public abstract string GetName(int index);

    public abstract TensorElementType GetElementType(int index);

    public abstract ReadOnlySpan<long> GetShape(int index);

    public int IndexOf(string name)
    {
        for (var i = 0; i < Count; i++)
            if (GetName(i) == name) return i;
        throw new ArgumentException($"'{name}' is not among the requested outputs.", nameof(name));
    }

    public ReadOnlySpan<float> GetFloats(int index) => GetSpan<float>(index, TensorElementType.Float);

    public ReadOnlySpan<int> GetInt32s(int index) => GetSpan<int>(index, TensorElementType.Int32);

    public ReadOnlySpan<long> GetInt64s(int index) => GetSpan<long>(index, TensorElementType.Int64);

    protected abstract ReadOnlySpan<T> GetSpan<T>(int index, TensorElementType expected) where T : unmanaged;

    protected void CheckType(int index, TensorElementType expected)
    {
        if (GetElementType(index) != expected)
            throw new InvalidOperationException($"Output '{GetName(index)}' holds {GetElementType(index)} elements, not {expected}.");
    }

    protected static int ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape) count *= dimension;
        return checked((int)count);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
