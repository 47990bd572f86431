using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// Fine-tunes a trainable encoder end to end through <see cref="RouteScoringHead"/>: softmax cross-entropy over each
/// case's offered routes (its hard negatives: the near-miss routes of the same router), optionally the batch's other
/// route texts, and "other". Every distinct text of a batch is encoded once, all of them in one batch pass of the
/// training engine (<see cref="EncoderBatches.ForwardBatch"/>) split over <see cref="FineTuneOptions.Threads"/> threads.
/// </summary>
/// <remarks>
/// The order of cases is a function of (seed, epoch) only, so step k always sees the same batch and a run resumed
/// from a checkpoint continues exactly as an uninterrupted one: bit for bit for a given thread count when the encoder
/// has a packed pass (its parts' gradients are summed in a fixed order), and on one thread for any encoder.
/// </remarks>
public sealed class FineTuneTrainer
{
    private const string CheckpointMagic = "extproc-router fine-tune checkpoint v1";
    private readonly ITrainableEncoder _encoder;
    private readonly FineTuneOptions _options;
    private readonly Parameter[] _trainable;
    private readonly EncoderHeadOptimizer _optimizer;
    private readonly EmbeddingAnchor? _anchor;
    private EpochOrder? _order;

    /// <param name="anchor">Optional penalty on moving embeddings away from the base encoder's.</param>
    public FineTuneTrainer(ITrainableEncoder encoder, FineTuneOptions options, EmbeddingAnchor? anchor = null)
    {
        _encoder = encoder;
        _options = options;
        _anchor = anchor;
        _trainable = encoder.Parameters.Where(p => !options.FrozenNameParts.Any(part => p.Name.Contains(part, StringComparison.Ordinal))).ToArray();
        _optimizer = new EncoderHeadOptimizer(_trainable, Head.Parameters, options.EncoderLearningRate, options.HeadLearningRate,
            options.GradientClipNorm, options.WarmupSteps, options.Steps, options.FinalLearningRateFraction);
    }

    public RouteScoringHead Head { get; } = new();

    /// <summary>The encoder parameters this run updates (all but the frozen ones).</summary>
    public IReadOnlyList<Parameter> TrainableEncoderParameters => _trainable;

    public int CompletedSteps { get; private set; }

    public double BestSelection { get; private set; } = double.NegativeInfinity;

    public int BestStep { get; private set; }

    /// <summary>
    /// Trains until <see cref="FineTuneOptions.Steps"/>, resuming from <paramref name="checkpointPath"/> when it exists.
    /// </summary>
    /// <param name="dev">Selection sample (never trained on); may be empty to skip selection.</param>
    /// <param name="onBest">Called when a selection run beats the best so far, with the weights of that moment in place.</param>
    public void Train(IReadOnlyList<FineTuneExample> train, IReadOnlyList<FineTuneExample> dev, string? checkpointPath,
        Action<FineTuneProgress>? report = null, Action<FineTuneTrainer>? onBest = null, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0) throw new ArgumentException("Fine-tuning needs at least one training case.", nameof(train));
        if (checkpointPath is not null && File.Exists(checkpointPath)) LoadCheckpoint(checkpointPath);
        while (CompletedSteps < _options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scale = LearningRateScale(CompletedSteps);
            var batch = BatchAt(CompletedSteps, train);
            var (loss, correct, drift) = AccumulateGradients(batch);
            _optimizer.Step(CompletedSteps);
            CompletedSteps++;

            double? selection = null;
            var isBest = false;
            if (dev.Count > 0 && (Due(_options.SelectEvery) || CompletedSteps == _options.Steps))
            {
                selection = Evaluate(dev, cancellationToken).Macro;
                if (selection > BestSelection)
                {
                    BestSelection = selection.Value;
                    BestStep = CompletedSteps;
                    isBest = true;
                    onBest?.Invoke(this);
                }
            }
            if (checkpointPath is not null && (Due(_options.CheckpointEvery) || CompletedSteps == _options.Steps)) SaveCheckpoint(checkpointPath);
            report?.Invoke(new FineTuneProgress(CompletedSteps, loss, correct, batch.Count, scale, selection, isBest, drift));
        }
    }

    private bool Due(int every) => every > 0 && CompletedSteps % every == 0;

    /// <summary>
    /// The learning rate of <paramref name="step"/> as a fraction of the peak rates: the engine's linear warm-up, then
    /// linear decay to <see cref="FineTuneOptions.FinalLearningRateFraction"/> at the last step.
    /// </summary>
    public float LearningRateScale(int step) => _optimizer.Scale(step);

    /// <summary>The cases of step <paramref name="step"/>: consecutive slices of a per-epoch seeded shuffle.</summary>
    private List<FineTuneExample> BatchAt(int step, IReadOnlyList<FineTuneExample> train)
    {
        if (_order?.Count != train.Count) _order = new EpochOrder(_options.Seed, train.Count);
        var batch = new List<FineTuneExample>(_options.BatchSize);
        for (var i = 0; i < _options.BatchSize; i++) batch.Add(train[_order.At((long)step * _options.BatchSize + i)]);
        return batch;
    }

    /// <summary>
    /// Zeroes the gradients, then adds d(mean loss)/d(parameters) of <paramref name="batch"/> into the encoder's and the
    /// head's parameters; returns the mean cross-entropy, the number of cases answered right and, with an anchor, the
    /// embeddings' mean squared distance from the base encoder's (its penalty is in the gradients, not in the loss).
    /// </summary>
    /// <remarks>
    /// The batch's distinct texts go through the encoder as one batch pass: packed into one part per thread, so every
    /// weight matrix is read once per part rather than once per sequence, and each part's gradients are summed in a
    /// fixed order (the same bits for a given thread count, whichever thread finishes first).
    /// </remarks>
    internal (double Loss, int Correct, double? Drift) AccumulateGradients(IReadOnlyList<FineTuneExample> batch)
    {
        foreach (var parameter in _encoder.Parameters) Array.Clear(parameter.Gradient);
        foreach (var parameter in Head.Parameters) Array.Clear(parameter.Gradient);

        var sequences = new BatchSequences(batch);
        using var pass = _encoder.ForwardBatch(sequences.TokenIds, Threads);
        var embeddings = Enumerable.Range(0, pass.Count).Select(i => pass.Embedding(i).ToArray()).ToArray();
        var gradients = embeddings.Select(e => new float[e.Length]).ToArray();

        double loss = 0;
        var correct = 0;
        var caseWeight = 1f / batch.Count;
        for (var b = 0; b < batch.Count; b++)
        {
            var example = batch[b];
            var candidates = sequences.Candidates(b, _options.InBatchNegatives);
            var views = sequences.Views[b];
            var logits = new float[candidates.Count + 1];
            var mix = new float[_encoder.Dimensions];
            Head.Forward(Select(embeddings, views), example.ViewKinds, Select(embeddings, candidates), logits, mix);
            var probabilities = logits.ToArray();
            RouteScoringHead.Softmax(probabilities);
            var target = example.IsOther ? candidates.Count : example.Target;
            loss -= Math.Log(Math.Max(probabilities[target], 1e-12f));
            if (RouteScoringHead.Answer(logits, example.Routes.Count) == example.Target) correct++;

            var logitGradient = new float[logits.Length];
            for (var i = 0; i < logits.Length; i++) logitGradient[i] = (probabilities[i] - (i == target ? 1f : 0f)) * caseWeight;
            Head.Backward(Select(embeddings, views), example.ViewKinds, Select(embeddings, candidates), logits, mix, logitGradient,
                Select(gradients, views), Select(gradients, candidates));
        }

        var drift = _anchor?.Apply(sequences.Texts, sequences.TokenIds, embeddings, gradients);
        pass.Backward(gradients.SelectMany(g => g).ToArray());
        return (loss / batch.Count, correct, drift);
    }

    /// <summary>Strict accuracy of the current encoder and head on <paramref name="examples"/>, per source and macro-averaged.</summary>
    public FineTuneEvaluation Evaluate(IReadOnlyList<FineTuneExample> examples, CancellationToken cancellationToken = default)
    {
        var hits = new Dictionary<string, (int Correct, int Total)>(StringComparer.Ordinal);
        // Chunks let route texts shared by neighbouring cases be encoded once without holding every embedding.
        const int chunk = 64;
        for (var start = 0; start < examples.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = examples.Skip(start).Take(chunk).ToList();
            var sequences = new BatchSequences(batch);
            var embeddings = Embed(sequences.TokenIds);
            for (var b = 0; b < batch.Count; b++)
            {
                var example = batch[b];
                var candidates = sequences.Candidates(b, inBatchNegatives: false);
                var logits = new float[candidates.Count + 1];
                Head.Forward(Select(embeddings, sequences.Views[b]), example.ViewKinds, Select(embeddings, candidates), logits, new float[_encoder.Dimensions]);
                var (right, total) = hits.GetValueOrDefault(example.Source);
                hits[example.Source] = (right + (RouteScoringHead.Answer(logits, example.Routes.Count) == example.Target ? 1 : 0), total + 1);
            }
        }
        var bySource = hits.ToDictionary(h => h.Key, h => h.Value.Correct / (double)h.Value.Total, StringComparer.Ordinal);
        return new FineTuneEvaluation(bySource, bySource.Count == 0 ? 0 : bySource.Values.Average());
    }

    /// <summary>Embeddings only, through the engine's batch pass in chunks, so memory stays bounded.</summary>
    private float[][] Embed(IReadOnlyList<int[]> tokenIds)
    {
        var width = _encoder.Dimensions;
        var flat = new float[tokenIds.Count * width];
        _encoder.EmbedBatch(tokenIds, flat, maxDegreeOfParallelism: Threads);
        return Enumerable.Range(0, tokenIds.Count).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
    }

    private int Threads => Math.Max(1, _options.Threads);

    private static float[][] Select(float[][] rows, IReadOnlyList<int> indices)
    {
        var selected = new float[indices.Count][];
        for (var i = 0; i < selected.Length; i++) selected[i] = rows[indices[i]];
        return selected;
    }

    /// <summary>Writes the step, selection state, updated parameters and optimizer moments (atomically: temp file, then rename).</summary>
    public void SaveCheckpoint(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(CheckpointMagic);
            writer.Write(CompletedSteps);
            writer.Write(BestSelection);
            writer.Write(BestStep);
            var parameters = _trainable.Concat(Head.Parameters).ToArray();
            writer.Write(parameters.Length);
            foreach (var parameter in parameters)
            {
                writer.Write(parameter.Name);
                writer.Write(parameter.Value.Length);
                foreach (var value in parameter.Value) writer.Write(value);
            }
            _optimizer.WriteState(writer);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private void LoadCheckpoint(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadString() != CheckpointMagic) throw new InvalidDataException($"'{path}' is not a fine-tuning checkpoint.");
        var steps = reader.ReadInt32();
        var bestSelection = reader.ReadDouble();
        var bestStep = reader.ReadInt32();
        var parameters = _trainable.Concat(Head.Parameters).ToArray();
        if (reader.ReadInt32() != parameters.Length)
            throw new InvalidDataException($"'{path}' holds a different set of parameters (was it written with other frozen layers?).");
        foreach (var parameter in parameters)
        {
            var name = reader.ReadString();
            if (name != parameter.Name || reader.ReadInt32() != parameter.Value.Length)
                throw new InvalidDataException($"'{path}' has '{name}' where '{parameter.Name}' was expected.");
            for (var i = 0; i < parameter.Value.Length; i++) parameter.Value[i] = reader.ReadSingle();
        }
        _optimizer.ReadState(reader);
        CompletedSteps = steps;
        BestSelection = bestSelection;
        BestStep = bestStep;
    }
}
