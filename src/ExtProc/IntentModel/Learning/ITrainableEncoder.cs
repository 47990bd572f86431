namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// A sentence encoder that can be trained: the same pooled, L2-normalised embedding the serving graph produces for a
/// token sequence, plus the backward pass that turns a gradient on that embedding into parameter gradients.
/// </summary>
/// <remarks>
/// Forward and backward may run concurrently from several threads for different sequences; each pass's
/// <see cref="EncoderPass.Backward"/> adds into <see cref="Parameter.Gradient"/> safely. The trainer zeroes gradients
/// between optimizer steps.
/// </remarks>
public interface ITrainableEncoder
{
    int Dimensions { get; }

    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Runs the forward pass over one sequence of SentencePiece ids (1..128 ids, no padding).</summary>
    EncoderPass Forward(ReadOnlySpan<int> tokenIds);
}

/// <summary>One sequence's forward pass, holding what its backward pass needs.</summary>
public abstract class EncoderPass
{
    /// <summary>The pooled, L2-normalised embedding (length <see cref="ITrainableEncoder.Dimensions"/>).</summary>
    public abstract ReadOnlySpan<float> Embedding { get; }

    /// <summary>Adds d(loss)/d(parameters) for d(loss)/d(<see cref="Embedding"/>) into the parameters' gradients.</summary>
    public abstract void Backward(ReadOnlySpan<float> embeddingGradient);
}
