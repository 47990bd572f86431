using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// Scores each (route, conversation) pair from its pooled embedding, and lets a learned "other" logit compete with the
/// routes in one softmax: logit_r = w . e_r, other = o.
/// </summary>
/// <remarks>
/// A bias would only shift every route logit against "other", which o already does. w starts at zero, so the first
/// steps train the scorer on the encoder's own embeddings before any gradient reaches the encoder.
/// </remarks>
public sealed class PairScoringHead
{
    public PairScoringHead(int dimensions)
    {
        Weights = new Parameter("cross/weights", [dimensions], new float[dimensions]);
        Other = new Parameter("cross/other", [1], [0f]);
    }

    public Parameter Weights { get; }

    public Parameter Other { get; }

    public IReadOnlyList<Parameter> Parameters => [Weights, Other];

    /// <summary>logits[r] for each pair embedding, then "other" at logits[pairs.Count].</summary>
    public void Forward(IReadOnlyList<float[]> pairs, Span<float> logits)
    {
        for (var r = 0; r < pairs.Count; r++) logits[r] = VectorMath.Dot(Weights.Value, pairs[r]);
        logits[pairs.Count] = Other.Value[0];
    }

    /// <summary>Adds the head's gradients for d(loss)/d(logits) and adds each pair embedding's gradient into <paramref name="pairGradients"/>.</summary>
    public void Backward(IReadOnlyList<float[]> pairs, ReadOnlySpan<float> logitGradient, IReadOnlyList<float[]> pairGradients)
    {
        for (var r = 0; r < pairs.Count; r++)
        {
            VectorMath.AddScaled(Weights.Gradient, pairs[r], logitGradient[r]);
            VectorMath.AddScaled(pairGradients[r], Weights.Value, logitGradient[r]);
        }
        Other.Gradient[0] += logitGradient[pairs.Count];
    }
}
