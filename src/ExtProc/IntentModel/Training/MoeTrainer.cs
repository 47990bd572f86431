using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// Trains the head with Adam on softmax cross-entropy over each case's offered routes plus "other", plus the
/// mixture-of-experts load-balancing loss; keeps the epoch with the best selection score. Deterministic for a seed
/// (single-threaded, seeded shuffles).
/// </summary>
public sealed class MoeTrainer(MoeTrainerOptions options)
{
    /// <summary>One epoch's numbers.</summary>
    public sealed record EpochReport(int Epoch, double Loss, double TrainAccuracy, double SelectionScore);

    /// <summary>
    /// Trains on <paramref name="train"/>; after each epoch <paramref name="select"/> scores the weights (higher is better,
    /// e.g. macro accuracy on dev) and the best epoch's weights are returned.
    /// </summary>
    public MoeHeadWeights Train(IReadOnlyList<TrainingExample> train, Func<MoeHeadWeights, double> select,
        Action<EpochReport>? report = null, CancellationToken cancellationToken = default)
    {
        var weights = MoeHeadWeights.CreateRandom(options.Seed, options.Experts, options.Hidden, options.TopK);
        var optimizer = new AdamOptimizer(weights.Parameters, options.LearningRate);
        var gradients = new MoeHeadWeights(weights.Experts, weights.Hidden, weights.TopK, weights.InputWidth, weights.OtherWeights.Length);
        var random = new Random(options.Seed);
        var dropout = new Random(options.Seed + 1);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var bySource = options.EpochCasesPerSource > 0
            ? train.Select((example, index) => (example.Source, index)).GroupBy(p => p.Source, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(p => p.index).ToArray()).ToList()
            : null;
        MoeHeadWeights? best = null;
        var bestScore = double.NegativeInfinity;

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (bySource is not null) order = DrawPerSource(bySource, options.EpochCasesPerSource, random);
            random.Shuffle(order);
            double lossSum = 0;
            var correct = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                var (loss, hits) = Step(weights, gradients, train, batch, dropout);
                optimizer.Step(weights.Parameters, gradients.Parameters);
                lossSum += loss;
                correct += hits;
            }
            var score = select(weights);
            report?.Invoke(new EpochReport(epoch, lossSum / order.Length, correct / (double)order.Length, score));
            if (score > bestScore)
            {
                bestScore = score;
                best = weights.Clone();
            }
        }
        return best ?? weights;
    }

    /// <summary>Forward and backward over one batch; leaves the mean gradient in <paramref name="gradients"/>.</summary>
    internal (double Loss, int Correct) Step(MoeHeadWeights weights, MoeHeadWeights gradients, IReadOnlyList<TrainingExample> examples,
        ReadOnlySpan<int> batch, Random? dropout = null)
    {
        foreach (var parameter in gradients.Parameters) Array.Clear(parameter);
        var experts = weights.Experts;
        var traces = new MoeHead.Trace[batch.Length];
        var probabilities = new float[batch.Length][];

        // Forward, and the batch's expert load (fraction of top-k slots each expert received).
        var load = new double[experts];
        var routesInBatch = 0;
        double loss = 0;
        var correct = 0;
        for (var b = 0; b < batch.Length; b++)
        {
            var example = examples[batch[b]];
            var trace = traces[b] = new MoeHead.Trace(example.Input.RouteCount, weights) { ViewScales = DrawViewScales(dropout) };
            var p = probabilities[b] = new float[example.Input.RouteCount + 1];
            MoeHead.Forward(weights, example.Input, p, trace);
            MoeHead.Softmax(p);
            loss -= Math.Log(Math.Max(p[example.Target], 1e-12f));
            if (ArgMax(p) == example.Target) correct++;
            for (var i = 0; i < trace.GateWeights.Length; i++) if (trace.GateWeights[i] > 0) load[i % experts]++;
            routesInBatch += example.Input.RouteCount;
        }
        for (var e = 0; e < experts; e++) load[e] /= Math.Max(1, routesInBatch * weights.TopK);

        var scale = 1f / batch.Length;
        for (var b = 0; b < batch.Length; b++)
        {
            var example = examples[batch[b]];
            Backward(weights, gradients, example, traces[b], probabilities[b], scale, load, routesInBatch);
        }

        if (options.WeightDecay > 0)
        {
            VectorMath.AddScaled(gradients.GateWeights, weights.GateWeights, options.WeightDecay);
            VectorMath.AddScaled(gradients.ExpertWeights, weights.ExpertWeights, options.WeightDecay);
            VectorMath.AddScaled(gradients.OutputWeights, weights.OutputWeights, options.WeightDecay);
        }
        return (loss, correct);
    }

    private void Backward(MoeHeadWeights w, MoeHeadWeights g, TrainingExample example, MoeHead.Trace trace, float[] p, float scale,
        double[] load, int routesInBatch)
    {
        var input = example.Input;
        var routes = input.RouteCount;
        var width = w.InputWidth;
        var experts = w.Experts;
        var hidden = w.Hidden;
        Span<float> gateGradient = stackalloc float[experts];

        // d(cross-entropy)/d(logit) = p - onehot(target)
        var otherGradient = (p[routes] - (example.Target == routes ? 1f : 0f)) * scale;
        VectorMath.AddScaled(g.OtherWeights, input.CaseSignals, otherGradient);
        g.OtherBias[0] += otherGradient;

        for (var r = 0; r < routes; r++)
        {
            var dLogit = (p[r] - (example.Target == r ? 1f : 0f)) * scale;
            var x = trace.Features.AsSpan(r * width, width);
            var selectedSum = 0f;
            for (var e = 0; e < experts; e++)
            {
                var gate = trace.GateWeights[r * experts + e];
                gateGradient[e] = 0f;
                if (gate <= 0f) continue;
                var score = trace.ExpertScores[r * experts + e];
                gateGradient[e] = dLogit * score;
                selectedSum += gate * gateGradient[e];
                var dScore = dLogit * gate;
                g.OutputBias[e] += dScore;
                for (var j = 0; j < hidden; j++)
                {
                    var unit = e * hidden + j;
                    var h = trace.Hidden[(r * experts + e) * hidden + j];
                    if (h <= 0f) continue;
                    g.OutputWeights[unit] += dScore * h;
                    var dActivation = dScore * w.OutputWeights[unit];
                    g.ExpertBias[unit] += dActivation;
                    VectorMath.AddScaled(g.ExpertWeights.AsSpan(unit * width, width), x, dActivation);
                }
            }

            // Top-k softmax: dz_j = g_j (dg_j - sum_i g_i dg_i) over the selected experts. Load balancing adds
            // d/dP_e of experts * sum_e load_e * mean(P_e), through the full softmax.
            var balance = options.LoadBalancingWeight * experts / Math.Max(1, routesInBatch);
            var balanceDot = 0f;
            for (var e = 0; e < experts; e++) balanceDot += (float)(balance * load[e]) * trace.GateProbabilities[r * experts + e];
            for (var e = 0; e < experts; e++)
            {
                var gate = trace.GateWeights[r * experts + e];
                var probability = trace.GateProbabilities[r * experts + e];
                var dz = gate > 0f ? gate * (gateGradient[e] - selectedSum) : 0f;
                dz += probability * ((float)(balance * load[e]) - balanceDot);
                g.GateBias[e] += dz;
                VectorMath.AddScaled(g.GateWeights.AsSpan(e * width, width), x, dz);
            }
        }
    }

    /// <summary>Up to <paramref name="perSource"/> indices of every source, a new seeded draw each call.</summary>
    internal static int[] DrawPerSource(List<int[]> bySource, int perSource, Random random)
    {
        var drawn = new List<int>();
        foreach (var indices in bySource)
        {
            if (indices.Length > perSource) random.Shuffle(indices);
            drawn.AddRange(indices.Take(perSource));
        }
        return [.. drawn];
    }

    /// <summary>Null (no dropout) unless <see cref="MoeTrainerOptions.ViewDropout"/> is set.</summary>
    private float[]? DrawViewScales(Random? random)
    {
        if (random is null || options.ViewDropout <= 0f) return null;
        var scales = new float[MoeFeatureLayout.ViewCount];
        var kept = 1f / (1f - options.ViewDropout);
        for (var v = 0; v < scales.Length; v++) scales[v] = random.NextSingle() < options.ViewDropout ? 0f : kept;
        return scales;
    }

    /// <summary>Accuracy of <paramref name="weights"/> on <paramref name="examples"/>, per source file.</summary>
    public static Dictionary<string, double> AccuracyBySource(MoeHeadWeights weights, IReadOnlyList<TrainingExample> examples) =>
        AccuracyBySource([weights], examples);

    /// <summary>Accuracy of one head or an ensemble (<see cref="MoeEnsemble"/>) on <paramref name="examples"/>, per source file.</summary>
    public static Dictionary<string, double> AccuracyBySource(IReadOnlyList<MoeHeadWeights> members, IReadOnlyList<TrainingExample> examples)
    {
        var hits = new Dictionary<string, (int Correct, int Total)>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            var logits = new float[example.Input.RouteCount + 1];
            MoeEnsemble.Forward(members, example.Input, logits);
            var (correct, total) = hits.GetValueOrDefault(example.Source);
            hits[example.Source] = (correct + (ArgMax(logits) == example.Target ? 1 : 0), total + 1);
        }
        return hits.ToDictionary(h => h.Key, h => h.Value.Correct / (double)h.Value.Total, StringComparer.Ordinal);
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
