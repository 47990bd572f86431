using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// A penalty that keeps the fine-tuned encoder's embeddings near the base encoder's:
/// <c>weight * mean over the batch's distinct texts of |e - e_base|^2</c>.
/// </summary>
/// <remarks>
/// Why: fine-tuning pulls requests of the tasks it sees toward their routes and everything else away, so on unseen
/// tasks the cosines the serving head thresholds "other" on no longer look like the ones it was trained on (model
/// card, "Why follow-ups over unseen tasks go to other"). Anchoring every text to where the base encoder put it lets
/// the encoder re-rank routes while limiting how far it distorts the space as a whole.
/// The base embeddings come from a frozen copy of the encoder and are cached by text: route texts recur every step.
/// </remarks>
public sealed class EmbeddingAnchor
{
    private readonly ITrainableEncoder _baseEncoder;
    private readonly Dictionary<string, float[]> _baseEmbeddings = new(StringComparer.Ordinal);
    private readonly float _weight;
    private readonly int _threads;

    /// <param name="baseEncoder">The encoder before fine-tuning; never trained.</param>
    /// <param name="weight">Penalty weight; 0 leaves the gradients alone and only measures the drift.</param>
    public EmbeddingAnchor(ITrainableEncoder baseEncoder, float weight, int threads = 1)
    {
        if (weight < 0) throw new ArgumentOutOfRangeException(nameof(weight), "The anchor weight cannot be negative.");
        _baseEncoder = baseEncoder;
        _weight = weight;
        _threads = Math.Max(1, threads);
    }

    /// <summary>
    /// Adds d(penalty)/d(embedding) into <paramref name="gradients"/> and returns the mean squared distance from the
    /// base embeddings (the penalty before weighting, reported as the run's drift).
    /// </summary>
    public double Apply(IReadOnlyList<string> texts, IReadOnlyList<int[]> tokenIds, IReadOnlyList<float[]> embeddings, IReadOnlyList<float[]> gradients)
    {
        if (texts.Count == 0) return 0;
        var bases = BaseEmbeddings(texts, tokenIds);
        double drift = 0;
        var factor = 2f * _weight / texts.Count;
        for (var t = 0; t < texts.Count; t++)
        {
            var embedding = embeddings[t];
            var gradient = gradients[t];
            var anchor = bases[t];
            for (var j = 0; j < embedding.Length; j++)
            {
                var difference = embedding[j] - anchor[j];
                drift += difference * difference;
                gradient[j] += factor * difference;
            }
        }
        return drift / texts.Count;
    }

    private float[][] BaseEmbeddings(IReadOnlyList<string> texts, IReadOnlyList<int[]> tokenIds)
    {
        var missing = Enumerable.Range(0, texts.Count).Where(t => !_baseEmbeddings.ContainsKey(texts[t])).ToList();
        if (missing.Count > 0)
        {
            var width = _baseEncoder.Dimensions;
            var flat = new float[missing.Count * width];
            _baseEncoder.EmbedBatch(missing.Select(t => tokenIds[t]).ToList(), flat, maxDegreeOfParallelism: _threads);
            for (var i = 0; i < missing.Count; i++) _baseEmbeddings[texts[missing[i]]] = flat.AsSpan(i * width, width).ToArray();
        }
        return texts.Select(t => _baseEmbeddings[t]).ToArray();
    }
}
