using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>The transformer's position-wise feed-forward block: outer(ReLU(inner(x))).</summary>
public sealed class FeedForward(Linear inner, Linear outer)
{
    public Linear Inner { get; } = inner.Outputs == outer.Inputs ? inner : throw new ArgumentException("Inner outputs must equal outer inputs.", nameof(outer));
    public Linear Outer { get; } = outer;
    public int HiddenWidth => Inner.Outputs;

    /// <summary>output (or +=) FFN(input); <paramref name="hidden"/> [tokens, hidden width] keeps the ReLU output.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> hidden, Span<float> output, int tokens, bool accumulate = false)
    {
        var activated = hidden[..(tokens * HiddenWidth)];
        Inner.Forward(input, activated, tokens);
        TensorPrimitives.Max(activated, 0f, activated);
        Outer.Forward(activated, output, tokens, accumulate);
    }

    /// <summary>Adds d(input) into <paramref name="inputGradient"/>; <paramref name="hiddenGradient"/> is scratch of the hidden's size.</summary>
    public void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> hidden, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
        Span<float> hiddenGradient, int tokens, bool updateParameters, GradientSink? gradients = null)
    {
        var count = tokens * HiddenWidth;
        var activated = hidden[..count];
        var dHidden = hiddenGradient[..count];
        Outer.Backward(activated, outputGradient, dHidden, tokens, accumulateInputGradient: false, updateParameters, gradients);
        // ReLU passes the gradient where its output was positive.
        for (var i = 0; i < count; i++) if (activated[i] <= 0f) dHidden[i] = 0f;
        Inner.Backward(input, dHidden, inputGradient, tokens, accumulateInputGradient: true, updateParameters, gradients);
    }
}
