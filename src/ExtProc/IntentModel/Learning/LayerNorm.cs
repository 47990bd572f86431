using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Layer normalisation over the last dimension: y = (x - mean) / sqrt(var + ε) · scale + bias.</summary>
public sealed class LayerNorm
{
    public LayerNorm(Parameter scale, Parameter bias, float epsilon)
    {
        if (scale.Value.Length != bias.Value.Length) throw new ArgumentException("Layer norm scale and bias differ in width.", nameof(bias));
        Scale = scale;
        Bias = bias;
        Epsilon = epsilon;
    }

    public Parameter Scale { get; }
    public Parameter Bias { get; }

    /// <summary>The stored epsilon of the source model, not a default, so the forward pass matches it.</summary>
    public float Epsilon { get; }

    public int Width => Scale.Value.Length;

    /// <summary>Normalises each row; keeps each row's mean and 1/std for the backward pass.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> means, Span<float> inverseDeviations, int rows)
    {
        var width = Width;
        for (var r = 0; r < rows; r++)
        {
            var x = input.Slice(r * width, width);
            var y = output.Slice(r * width, width);
            // Statistics in double: variance as a difference of float sums loses digits the parity check would see.
            double sum = 0, squares = 0;
            for (var i = 0; i < width; i++)
            {
                sum += x[i];
                squares += (double)x[i] * x[i];
            }
            var mean = sum / width;
            var variance = Math.Max(0, squares / width - mean * mean);
            var inverse = (float)(1 / Math.Sqrt(variance + Epsilon));
            means[r] = (float)mean;
            inverseDeviations[r] = inverse;
            TensorPrimitives.Subtract(x, (float)mean, y);
            TensorPrimitives.Multiply(y, inverse, y);
            TensorPrimitives.MultiplyAdd(y, Scale.Value, Bias.Value, y);
        }
    }

    /// <summary>
    /// Adds dx = (1/σ) (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)), with dx̂ = dy · scale, into <paramref name="inputGradient"/>;
    /// adds dscale and dbias into the gradients when <paramref name="updateParameters"/>.
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> means, ReadOnlySpan<float> inverseDeviations,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> rowScratch, int rows, bool updateParameters,
        GradientSink? gradients = null)
    {
        var width = Width;
        var normalized = rowScratch[..width];
        var scaledGradient = rowScratch.Slice(width, width);
        if (updateParameters)
        {
            var sink = gradients ?? GradientSink.Shared;
            var scaleArray = sink.For(Scale);
            var scaleGradient = scaleArray.AsSpan(0, width);
            lock (scaleArray)
                for (var r = 0; r < rows; r++)
                {
                    Normalize(input.Slice(r * width, width), means[r], inverseDeviations[r], normalized);
                    TensorPrimitives.MultiplyAdd(outputGradient.Slice(r * width, width), normalized, scaleGradient, scaleGradient);
                }
            var biasArray = sink.For(Bias);
            var biasGradient = biasArray.AsSpan(0, width);
            lock (biasArray)
                for (var r = 0; r < rows; r++) TensorPrimitives.Add(biasGradient, outputGradient.Slice(r * width, width), biasGradient);
        }
        for (var r = 0; r < rows; r++)
        {
            Normalize(input.Slice(r * width, width), means[r], inverseDeviations[r], normalized);
            TensorPrimitives.Multiply(outputGradient.Slice(r * width, width), Scale.Value, scaledGradient);
            var meanGradient = TensorPrimitives.Sum(scaledGradient) / width;
            var meanProjection = TensorPrimitives.Dot(scaledGradient, normalized) / width;
            var inverse = inverseDeviations[r];
            var dx = inputGradient.Slice(r * width, width);
            for (var i = 0; i < width; i++) dx[i] += inverse * (scaledGradient[i] - meanGradient - normalized[i] * meanProjection);
        }
    }

    private static void Normalize(ReadOnlySpan<float> x, float mean, float inverse, Span<float> normalized)
    {
        TensorPrimitives.Subtract(x, mean, normalized);
        TensorPrimitives.Multiply(normalized, inverse, normalized);
    }
}
