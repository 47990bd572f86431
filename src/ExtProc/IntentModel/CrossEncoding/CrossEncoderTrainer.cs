using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// Fine-tunes a trainable encoder as a cross-encoder: each step encodes, for every case of the batch, the pair of its
/// right route and a few of its offered wrong routes (or only wrong ones for an "other" case), and minimises the
/// softmax cross-entropy of <see cref="PairScoringHead"/> over those pairs and "other".
/// </summary>
public sealed class CrossEncoderTrainer
{
    private readonly ITrainableEncoder _encoder;
    private readonly CrossEncoderOptions _options;
    private readonly EncoderHeadOptimizer _optimizer;

    public CrossEncoderTrainer(ITrainableEncoder encoder, CrossEncoderOptions options)
    {
        _encoder = encoder;
        _options = options;
        Head = new PairScoringHead(encoder.Dimensions);
        _optimizer = new EncoderHeadOptimizer(encoder.Parameters, Head.Parameters, options.EncoderLearningRate, options.HeadLearningRate,
            options.GradientClipNorm, options.WarmupSteps, options.Steps, options.FinalLearningRateFraction);
    }

    public PairScoringHead Head { get; }

    public int CompletedSteps { get; private set; }

    /// <summary>Trains for <see cref="CrossEncoderOptions.Steps"/>; reports (step, mean loss) after every step.</summary>
    public void Train(IReadOnlyList<CrossEncoderExample> train, Action<int, double>? report = null, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0) throw new ArgumentException("Training needs at least one case.", nameof(train));
        var order = new EpochOrder(_options.Seed, train.Count);
        while (CompletedSteps < _options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(0, _options.BatchSize)
                .Select(i => train[order.At((long)CompletedSteps * _options.BatchSize + i)]).ToList();
            var loss = AccumulateGradients(batch, CompletedSteps);
            _optimizer.Step(CompletedSteps);
            CompletedSteps++;
            report?.Invoke(CompletedSteps, loss);
        }
    }

    /// <summary>Zeroes the gradients, then adds d(mean loss)/d(parameters) of <paramref name="batch"/>; returns the mean loss.</summary>
    internal double AccumulateGradients(IReadOnlyList<CrossEncoderExample> batch, int step)
    {
        foreach (var parameter in _encoder.Parameters) Array.Clear(parameter.Gradient);
        foreach (var parameter in Head.Parameters) Array.Clear(parameter.Gradient);
        var chosen = batch.Select((example, b) => ChoosePairs(example, new Random(unchecked(_options.Seed * 7919 + step * 31 + b) & 0x7fffffff))).ToList();
        var sequences = batch.SelectMany((example, b) => chosen[b].Select(r => example.Pairs[r])).ToList();
        using var pass = _encoder.ForwardBatch(sequences, _options.Threads);
        var gradients = new float[sequences.Count * _encoder.Dimensions];
        double loss = 0;
        var first = 0;
        for (var b = 0; b < batch.Count; b++)
        {
            var pairs = chosen[b];
            var embeddings = Enumerable.Range(first, pairs.Count).Select(i => pass.Embedding(i).ToArray()).ToArray();
            var logits = new float[pairs.Count + 1];
            Head.Forward(embeddings, logits);
            RouteScoringHead.Softmax(logits);
            var target = batch[b].IsOther ? pairs.Count : 0; // the right route, when there is one, is chosen first
            loss -= Math.Log(Math.Max(logits[target], 1e-12f));
            var logitGradient = logits.Select((p, i) => (p - (i == target ? 1f : 0f)) / batch.Count).ToArray();
            var pairGradients = Enumerable.Range(0, pairs.Count).Select(_ => new float[_encoder.Dimensions]).ToArray();
            Head.Backward(embeddings, logitGradient, pairGradients);
            for (var i = 0; i < pairs.Count; i++) pairGradients[i].CopyTo(gradients, (first + i) * _encoder.Dimensions);
            first += pairs.Count;
        }
        pass.Backward(gradients);
        return loss / batch.Count;
    }

    /// <summary>The right route's index first (unless "other"), then offered wrong routes drawn without replacement.</summary>
    private List<int> ChoosePairs(CrossEncoderExample example, Random random)
    {
        var wrong = Enumerable.Range(0, example.RouteNames.Count).Where(r => r != example.Target).ToArray();
        random.Shuffle(wrong);
        var chosen = example.IsOther ? new List<int>() : [example.Target];
        chosen.AddRange(wrong.Take(Math.Max(0, _options.PairsPerCase - chosen.Count)));
        return chosen;
    }

    /// <summary>Every offered route's logit and, last, "other", per example (no gradients).</summary>
    public List<float[]> Score(IReadOnlyList<CrossEncoderExample> examples, CancellationToken cancellationToken = default)
    {
        var results = new List<float[]>(examples.Count);
        const int chunk = 16;
        for (var start = 0; start < examples.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = examples.Skip(start).Take(chunk).ToList();
            var sequences = batch.SelectMany(e => e.Pairs).ToList();
            var flat = new float[sequences.Count * _encoder.Dimensions];
            _encoder.EmbedBatch(sequences, flat, maxDegreeOfParallelism: _options.Threads);
            var first = 0;
            foreach (var example in batch)
            {
                var embeddings = Enumerable.Range(first, example.Pairs.Count)
                    .Select(i => flat.AsSpan(i * _encoder.Dimensions, _encoder.Dimensions).ToArray()).ToArray();
                var logits = new float[example.Pairs.Count + 1];
                Head.Forward(embeddings, logits);
                results.Add(logits);
                first += example.Pairs.Count;
            }
        }
        return results;
    }
}
