using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>y = x / sqrt(max(Σ x², floor)), the encoder's final step (the floor is the source model's stored constant).</summary>
public static class L2Normalization
{
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, float floor)
    {
        var squareSum = MathF.Max(TensorPrimitives.SumOfSquares(input), floor);
        TensorPrimitives.Multiply(input, 1f / MathF.Sqrt(squareSum), output);
    }

    /// <summary>
    /// dx = (dy - y (y · dy)) / ‖x‖ while the norm is above the floor; below it the divisor is a constant and dx = dy / √floor.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float floor)
    {
        var squareSum = TensorPrimitives.SumOfSquares(input);
        if (squareSum <= floor)
        {
            TensorPrimitives.Multiply(outputGradient, 1f / MathF.Sqrt(floor), inputGradient);
            return;
        }
        var inverseNorm = 1f / MathF.Sqrt(squareSum);
        var projection = TensorPrimitives.Dot(output, outputGradient);
        for (var i = 0; i < input.Length; i++) inputGradient[i] = (outputGradient[i] - output[i] * projection) * inverseNorm;
    }
}
