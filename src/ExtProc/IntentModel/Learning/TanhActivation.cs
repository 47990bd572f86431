using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Element-wise tanh.</summary>
public static class TanhActivation
{
    public static void Forward(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Tanh(input, output);

    /// <summary>dx = dy · (1 - y²), from the saved output y.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        for (var i = 0; i < output.Length; i++) inputGradient[i] = outputGradient[i] * (1 - output[i] * output[i]);
    }
}
