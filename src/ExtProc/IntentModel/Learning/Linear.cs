using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>A dense layer y = x · W + b over rows, with W stored [inputs, outputs] row-major (as TF.js stores it).</summary>
public sealed class Linear
{
    public Linear(Parameter weight, Parameter bias, int inputs, int outputs)
    {
        if (weight.Value.Length != inputs * outputs) throw new ArgumentException($"'{weight.Name}' is not [{inputs}, {outputs}].", nameof(weight));
        if (bias.Value.Length != outputs) throw new ArgumentException($"'{bias.Name}' is not [{outputs}].", nameof(bias));
        Weight = weight;
        Bias = bias;
        Inputs = inputs;
        Outputs = outputs;
    }

    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>output[rows, outputs] = (or +=, when <paramref name="accumulate"/>) input[rows, inputs] · W + b.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, bool accumulate = false)
    {
        MatrixKernels.Multiply(input, Inputs, Weight.Value, Outputs, output, Outputs, rows, Inputs, Outputs, accumulate);
        for (var r = 0; r < rows; r++)
        {
            var row = output.Slice(r * Outputs, Outputs);
            TensorPrimitives.Add(row, Bias.Value, row);
        }
    }

    /// <summary>
    /// Adds dW = xᵀ · dy and db = Σ dy into the gradients (when <paramref name="updateParameters"/>; into
    /// <paramref name="gradients"/> if given, else the parameters' own), and writes (or
    /// adds) dx = dy · Wᵀ into <paramref name="inputGradient"/> unless it is empty.
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int rows,
        bool accumulateInputGradient, bool updateParameters, GradientSink? gradients = null)
    {
        if (updateParameters)
        {
            var sink = gradients ?? GradientSink.Shared;
            var weightGradient = sink.For(Weight);
            lock (weightGradient)
                MatrixKernels.MultiplyTransposedA(input, Inputs, outputGradient, Outputs, weightGradient, Outputs, Inputs, rows, Outputs, accumulate: true);
            var biasArray = sink.For(Bias);
            var biasGradient = biasArray.AsSpan(0, Outputs);
            lock (biasArray)
                for (var r = 0; r < rows; r++) TensorPrimitives.Add(biasGradient, outputGradient.Slice(r * Outputs, Outputs), biasGradient);
        }
        if (!inputGradient.IsEmpty)
            MatrixKernels.MultiplyTransposedB(outputGradient, Outputs, Weight.Value, Outputs, inputGradient, Inputs, rows, Outputs, Inputs, accumulateInputGradient);
    }
}
