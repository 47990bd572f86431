namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The head's forward pass in C#: the reference the ONNX export is tested against, and the pass the trainer
/// differentiates. Per route r with feature row x: gate logits z = Wg x + bg; the top-k experts by z share the route
/// with weights softmax(z) restricted to them; expert e scores y_e = v_e . relu(W_e x + b_e) + c_e; the route's logit is
/// the gate-weighted sum of its experts' scores. The "other" logit is a linear function of the case signals.
/// </summary>
public static class MoeHead
{
    /// <summary>Per-route intermediates kept for the backward pass.</summary>
    public sealed class Trace(int routes, MoeHeadWeights weights)
    {
        public float[] Features { get; } = new float[routes * weights.InputWidth];

        /// <summary>Full softmax of the gate logits (the load-balancing loss reads it).</summary>
        public float[] GateProbabilities { get; } = new float[routes * weights.Experts];

        /// <summary>Normalised weights over the selected experts; zero for the others.</summary>
        public float[] GateWeights { get; } = new float[routes * weights.Experts];

        public float[] ExpertScores { get; } = new float[routes * weights.Experts];

        /// <summary>Hidden activations after ReLU (only the selected experts' are filled).</summary>
        public float[] Hidden { get; } = new float[routes * weights.Experts * weights.Hidden];

        /// <summary>
        /// Training only: a factor per view's product block (0 drops the block, 1/(1-p) keeps it), the same for every
        /// route of the case. Null means all ones.
        /// </summary>
        public float[]? ViewScales { get; init; }
    }

    /// <summary>Writes routes + 1 logits (the routes in order, then "other") into <paramref name="logits"/>.</summary>
    public static void Forward(MoeHeadWeights weights, MoeInput input, Span<float> logits, Trace? trace = null)
    {
        var routes = input.RouteCount;
        if (logits.Length < routes + 1) throw new ArgumentException($"Need room for {routes + 1} logits.", nameof(logits));
        var width = weights.InputWidth;
        var experts = weights.Experts;
        var hidden = weights.Hidden;
        var features = trace?.Features ?? new float[width];
        Span<float> gateLogits = stackalloc float[experts];
        Span<float> probabilities = stackalloc float[experts];
        Span<bool> selected = stackalloc bool[experts];
        Span<float> scores = stackalloc float[experts];
        var hiddenValues = new float[hidden];

        for (var r = 0; r < routes; r++)
        {
            var x = trace is null ? features.AsSpan() : features.AsSpan(r * width, width);
            input.WriteFeatures(r, x);
            if (trace?.ViewScales is { } viewScales) ScaleViews(x, viewScales);

            var max = float.NegativeInfinity;
            for (var e = 0; e < experts; e++)
            {
                gateLogits[e] = VectorMath.Dot(weights.GateWeights.AsSpan(e * width, width), x) + weights.GateBias[e];
                max = Math.Max(max, gateLogits[e]);
            }
            var total = 0f;
            for (var e = 0; e < experts; e++) total += probabilities[e] = MathF.Exp(gateLogits[e] - max);
            for (var e = 0; e < experts; e++) probabilities[e] /= total;
            SelectTopK(gateLogits, weights.TopK, selected);

            var selectedTotal = 0f;
            for (var e = 0; e < experts; e++) if (selected[e]) selectedTotal += probabilities[e];

            var logit = 0f;
            for (var e = 0; e < experts; e++)
            {
                var gate = selected[e] ? probabilities[e] / selectedTotal : 0f;
                scores[e] = 0f;
                if (gate > 0f)
                {
                    var h = trace is null ? hiddenValues.AsSpan() : trace.Hidden.AsSpan((r * experts + e) * hidden, hidden);
                    var score = weights.OutputBias[e];
                    for (var j = 0; j < hidden; j++)
                    {
                        var unit = e * hidden + j;
                        var a = VectorMath.Dot(weights.ExpertWeights.AsSpan(unit * width, width), x) + weights.ExpertBias[unit];
                        h[j] = a > 0f ? a : 0f;
                        score += weights.OutputWeights[unit] * h[j];
                    }
                    scores[e] = score;
                    logit += gate * score;
                }
                if (trace is not null)
                {
                    trace.GateProbabilities[r * experts + e] = probabilities[e];
                    trace.GateWeights[r * experts + e] = gate;
                    trace.ExpertScores[r * experts + e] = scores[e];
                }
            }
            logits[r] = logit;
        }
        logits[routes] = VectorMath.Dot(weights.OtherWeights, input.CaseSignals) + weights.OtherBias[0];
    }

    private static void ScaleViews(Span<float> features, ReadOnlySpan<float> viewScales)
    {
        for (var v = 0; v < viewScales.Length; v++)
        {
            if (viewScales[v] == 1f) continue;
            var block = features.Slice(v * MoeFeatureLayout.EmbeddingWidth, MoeFeatureLayout.EmbeddingWidth);
            System.Numerics.Tensors.TensorPrimitives.Multiply(block, viewScales[v], block);
        }
    }

    /// <summary>Marks the <paramref name="k"/> largest gate logits (ties: the lower index first, as ONNX TopK).</summary>
    internal static void SelectTopK(ReadOnlySpan<float> gateLogits, int k, Span<bool> selected)
    {
        selected.Clear();
        for (var n = 0; n < k; n++)
        {
            var best = -1;
            for (var e = 0; e < gateLogits.Length; e++)
            {
                if (!selected[e] && (best < 0 || gateLogits[e] > gateLogits[best])) best = e;
            }
            selected[best] = true;
        }
    }

    /// <summary>Softmax of <paramref name="logits"/> in place.</summary>
    public static void Softmax(Span<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var value in logits) max = Math.Max(max, value);
        var total = 0f;
        for (var i = 0; i < logits.Length; i++) total += logits[i] = MathF.Exp(logits[i] - max);
        for (var i = 0; i < logits.Length; i++) logits[i] /= total;
    }
}
