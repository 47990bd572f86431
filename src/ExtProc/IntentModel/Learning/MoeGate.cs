using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// The mixture-of-experts gate, as the routing head uses it: logits z = x · Wg + bg, probabilities p = softmax(z),
/// the top-k experts by z share the row with weights g = p / Σ_selected p (others 0), plus the load-balancing loss
/// λ · E · Σ_e load_e · importance_e (Switch Transformer), where load_e is the fraction of the batch's top-k slots
/// expert e received and importance_e its mean probability.
/// </summary>
/// <remarks>
/// The load is a count, so it is treated as a constant in the gradient (as in the Switch Transformer); only the
/// importance carries gradient to the gate.
/// </remarks>
public sealed class MoeGate
{
    public MoeGate(Linear projection, int topK)
    {
        if (topK <= 0 || topK > projection.Outputs) throw new ArgumentOutOfRangeException(nameof(topK), $"Top-k must be in 1..{projection.Outputs}.");
        Projection = projection;
        TopK = topK;
    }

    public Linear Projection { get; }
    public int TopK { get; }
    public int Experts => Projection.Outputs;

    /// <summary>
    /// Fills <paramref name="probabilities"/> and <paramref name="gates"/> ([rows, experts]) for input[rows, width];
    /// returns the load-balancing loss times <paramref name="loadBalancingWeight"/>.
    /// </summary>
    public float Forward(ReadOnlySpan<float> input, Span<float> probabilities, Span<float> gates, int rows, float loadBalancingWeight)
    {
        var experts = Experts;
        Projection.Forward(input, gates, rows); // logits, overwritten by the gates below
        Span<bool> selected = stackalloc bool[experts];
        for (var r = 0; r < rows; r++)
        {
            var logits = gates.Slice(r * experts, experts);
            var p = probabilities.Slice(r * experts, experts);
            TensorPrimitives.SoftMax(logits, p);
            SelectTopK(logits, TopK, selected);
            var selectedTotal = 0f;
            for (var e = 0; e < experts; e++) if (selected[e]) selectedTotal += p[e];
            for (var e = 0; e < experts; e++) logits[e] = selected[e] ? p[e] / selectedTotal : 0f;
        }
        return loadBalancingWeight * LoadBalancing(probabilities, gates, rows, experts, scale: default);
    }

    /// <summary>
    /// Adds d(input) into <paramref name="inputGradient"/> (unless empty) and the projection's gradients, for
    /// d(loss)/d(gates) plus the load-balancing loss of <see cref="Forward"/> with the same weight.
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> gates, ReadOnlySpan<float> gateGradient,
        float loadBalancingWeight, Span<float> inputGradient, Span<float> logitGradient, int rows)
    {
        var experts = Experts;
        Span<float> balanceGradient = stackalloc float[experts];
        LoadBalancing(probabilities, gates, rows, experts, balanceGradient);
        // d(λ E Σ load_e mean_n p_ne)/d(p_ne) = λ E load_e / rows.
        TensorPrimitives.Multiply(balanceGradient, loadBalancingWeight, balanceGradient);
        for (var r = 0; r < rows; r++)
        {
            var g = gates.Slice(r * experts, experts);
            var dg = gateGradient.Slice(r * experts, experts);
            var p = probabilities.Slice(r * experts, experts);
            var dz = logitGradient.Slice(r * experts, experts);
            // Renormalised top-k is a softmax over the selected logits: dz_j = g_j (dg_j - Σ_i g_i dg_i).
            var gateProjection = TensorPrimitives.Dot(g, dg);
            // Full softmax for the balancing term: dz_j = p_j (dp_j - Σ_i p_i dp_i).
            var balanceProjection = TensorPrimitives.Dot(p, balanceGradient);
            for (var e = 0; e < experts; e++)
                dz[e] = (g[e] > 0f ? g[e] * (dg[e] - gateProjection) : 0f) + p[e] * (balanceGradient[e] - balanceProjection);
        }
        Projection.Backward(input, logitGradient[..(rows * experts)], inputGradient, rows, accumulateInputGradient: true, updateParameters: true);
    }

    /// <summary>Marks the k largest logits (ties: the lower index first, as the serving graph's TopK).</summary>
    public static void SelectTopK(ReadOnlySpan<float> logits, int k, Span<bool> selected)
    {
        selected.Clear();
        for (var chosen = 0; chosen < k; chosen++)
        {
            var best = -1;
            for (var e = 0; e < logits.Length; e++)
                if (!selected[e] && (best < 0 || logits[e] > logits[best])) best = e;
            selected[best] = true;
        }
    }

    /// <summary>
    /// E · Σ_e load_e · importance_e; when <paramref name="scale"/> is given, also writes d/d(p_ne) = E · load_e / rows
    /// into it (the same for every row).
    /// </summary>
    private float LoadBalancing(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> gates, int rows, int experts, Span<float> scale)
    {
        Span<float> load = stackalloc float[experts];
        Span<float> importance = stackalloc float[experts];
        load.Clear();
        importance.Clear();
        for (var r = 0; r < rows; r++)
            for (var e = 0; e < experts; e++)
            {
                if (gates[r * experts + e] > 0f) load[e] += 1f;
                importance[e] += probabilities[r * experts + e];
            }
        TensorPrimitives.Divide(load, (float)rows * TopK, load);
        TensorPrimitives.Divide(importance, rows, importance);
        if (!scale.IsEmpty) TensorPrimitives.Multiply(load, (float)experts / rows, scale);
        return experts * TensorPrimitives.Dot(load, importance);
    }
}
