using System.Runtime.InteropServices;
using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

/// <summary>Managed <see cref="InferenceResults"/> over float arrays, for test doubles of <see cref="IInferenceSession"/>.</summary>
internal sealed class ArrayInferenceResults(IReadOnlyList<(string Name, float[] Data, long[] Shape)> outputs) : InferenceResults
{
    public override int Count => outputs.Count;

    public override string GetName(int index) => outputs[index].Name;

    public override TensorElementType GetElementType(int index) => TensorElementType.Float;

    public override ReadOnlySpan<long> GetShape(int index) => outputs[index].Shape;

    protected override ReadOnlySpan<T> GetSpan<T>(int index, TensorElementType expected)
    {
        CheckType(index, expected);
        return MemoryMarshal.Cast<float, T>(outputs[index].Data);
    }
}
