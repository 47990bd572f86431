namespace ExtProcRouter.IntentModel.Onnx.Writing;

/// <summary>One dimension of a graph input or output: a fixed size or a symbolic name such as "batch".</summary>
public readonly record struct OnnxDimension(long? Size, string? Symbol)
{
    public static implicit operator OnnxDimension(long size) => new(size, null);

    public static implicit operator OnnxDimension(string symbol) => new(null, symbol);
}
