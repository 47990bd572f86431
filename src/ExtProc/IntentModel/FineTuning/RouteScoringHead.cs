using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// The light, differentiable head the encoder is fine-tuned through: a learned mix of the conversation views is
/// compared with each route by a scaled dot product of unit embeddings, and a learned "other" logit competes with
/// the routes in one softmax.
/// </summary>
/// <remarks>
/// <code>
/// m       = sum over present views v of a_v * e_v
/// logit_r = s * (m . r)                       s = exp(log_scale)
/// other   = s * threshold + w_prev * has_previous + w_asst * has_assistant
/// </code>
/// Kept this small on purpose: the point of fine-tuning is to move the embeddings, and the MoE head is re-trained on
/// the tuned embeddings afterwards. The "other" logit reaches the encoder only through the route logits it competes
/// with, which is what an "other" case should teach: none of the offered routes is close.
/// </remarks>
public sealed class RouteScoringHead
{
    public const int ViewCount = 3;
    private const int ScaleIndex = 0;
    private const int ThresholdIndex = 1;
    private const int PreviousIndex = 2;
    private const int AssistantIndex = 3;

    public RouteScoringHead()
    {
        // Start where the frozen encoder's cosine baseline is: the latest message dominates, context helps a little,
        // and "other" wins when no route is closer than ~0.2 (the tuned cosine threshold was 0.2154).
        ViewWeights = new Parameter("head/view_weights", [ViewCount], [1f, 0.3f, 0.1f]);
        Scalars = new Parameter("head/scalars", [4], [MathF.Log(20f), 0.2f, 0f, 0f]);
    }

    /// <summary>Weight of each view in the mix, indexed by <see cref="ConversationViewKind"/>.</summary>
    public Parameter ViewWeights { get; }

    /// <summary>log scale, other threshold, other weight for earlier user turns, other weight for an assistant turn.</summary>
    public Parameter Scalars { get; }

    public IReadOnlyList<Parameter> Parameters => [ViewWeights, Scalars];

    public float Scale => MathF.Exp(Scalars.Value[ScaleIndex]);

    /// <summary>
    /// Logits of the candidate routes (offered routes first, then any extra negatives) and, last, "other".
    /// </summary>
    /// <param name="views">Embeddings of the present views.</param>
    /// <param name="kinds">Which view each embedding is.</param>
    /// <param name="candidates">Embeddings of the candidate routes.</param>
    /// <param name="logits">candidates.Count + 1 values.</param>
    /// <param name="mix">The view mix m (embedding width), kept for <see cref="Backward"/>.</param>
    public void Forward(IReadOnlyList<float[]> views, IReadOnlyList<ConversationViewKind> kinds, IReadOnlyList<float[]> candidates,
        Span<float> logits, Span<float> mix)
    {
        mix.Clear();
        for (var v = 0; v < views.Count; v++) Accumulate(mix, views[v], ViewWeights.Value[(int)kinds[v]]);
        var scale = Scale;
        for (var r = 0; r < candidates.Count; r++) logits[r] = scale * Dot(mix, candidates[r]);
        logits[candidates.Count] = scale * Scalars.Value[ThresholdIndex]
                                   + (kinds.Contains(ConversationViewKind.PreviousUserTurns) ? Scalars.Value[PreviousIndex] : 0f)
                                   + (kinds.Contains(ConversationViewKind.LastAssistantTurn) ? Scalars.Value[AssistantIndex] : 0f);
    }

    /// <summary>
    /// Adds the head's parameter gradients and returns the embeddings' gradients for d(loss)/d(logits) =
    /// <paramref name="logitGradient"/>.
    /// </summary>
    public void Backward(IReadOnlyList<float[]> views, IReadOnlyList<ConversationViewKind> kinds, IReadOnlyList<float[]> candidates,
        ReadOnlySpan<float> logits, ReadOnlySpan<float> mix, ReadOnlySpan<float> logitGradient, IReadOnlyList<float[]> viewGradients,
        IReadOnlyList<float[]> candidateGradients)
    {
        var scale = Scale;
        var width = mix.Length;
        Span<float> mixGradient = width <= 1024 ? stackalloc float[width] : new float[width];
        mixGradient.Clear();
        var scaleGradient = 0f;
        for (var r = 0; r < candidates.Count; r++)
        {
            var g = logitGradient[r];
            scaleGradient += g * logits[r]; // d(s * c)/d(log s) = s * c = logit
            Accumulate(mixGradient, candidates[r], g * scale);
            Accumulate(candidateGradients[r], mix, g * scale);
        }
        var otherGradient = logitGradient[candidates.Count];
        scaleGradient += otherGradient * scale * Scalars.Value[ThresholdIndex];
        Scalars.Gradient[ScaleIndex] += scaleGradient;
        Scalars.Gradient[ThresholdIndex] += otherGradient * scale;
        if (kinds.Contains(ConversationViewKind.PreviousUserTurns)) Scalars.Gradient[PreviousIndex] += otherGradient;
        if (kinds.Contains(ConversationViewKind.LastAssistantTurn)) Scalars.Gradient[AssistantIndex] += otherGradient;

        for (var v = 0; v < views.Count; v++)
        {
            var kind = (int)kinds[v];
            ViewWeights.Gradient[kind] += Dot(mixGradient, views[v]);
            Accumulate(viewGradients[v], mixGradient, ViewWeights.Value[kind]);
        }
    }

    /// <summary>Softmax of <paramref name="logits"/> in place.</summary>
    public static void Softmax(Span<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var value in logits) max = Math.Max(max, value);
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++) sum += logits[i] = MathF.Exp(logits[i] - max);
        for (var i = 0; i < logits.Length; i++) logits[i] /= sum;
    }

    /// <summary>
    /// The predicted index among the first <paramref name="offered"/> logits (the offered routes; any extra negatives
    /// follow them), or <paramref name="offered"/> for "other", the last logit, which a route must beat strictly.
    /// </summary>
    public static int Answer(ReadOnlySpan<float> logits, int offered)
    {
        var best = offered;
        var bestLogit = logits[^1];
        for (var r = 0; r < offered; r++)
        {
            if (logits[r] > bestLogit)
            {
                best = r;
                bestLogit = logits[r];
            }
        }
        return best;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => VectorMath.Dot(a, b);

    private static void Accumulate(Span<float> destination, ReadOnlySpan<float> source, float factor) =>
        VectorMath.AddScaled(destination, source, factor);
}
