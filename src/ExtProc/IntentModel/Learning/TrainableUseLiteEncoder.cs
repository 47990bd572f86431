using ExtProcRouter.IntentModel.Encoder;
using Names = ExtProcRouter.IntentModel.Encoder.UseLiteWeightNames;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Universal Sentence Encoder Lite as trainable layers: the same computation as the ONNX graph of
/// <see cref="EncoderConverter"/> (see its remarks), with a backward pass through every weight, embeddings included.
/// </summary>
/// <remarks>
/// Parameters carry the TF.js names and shapes they were read from, so checkpoints name them and
/// <see cref="ExportWeights"/> hands them back to the converter unchanged in layout. The fixed constants of the source
/// model (epsilon, query scales, timescales, the L2 floor) are kept as read, not re-derived.
/// </remarks>
public sealed class TrainableUseLiteEncoder : ITrainableEncoder
{
    private readonly EmbeddingLookup _embedding;
    private readonly TimingSignal _timing;
    private readonly UseLiteTransformerLayer _lower;
    private readonly Linear _residual;
    private readonly UseLiteTransformerLayer _upper;
    private readonly Linear _tanhLayer;
    private readonly Parameter[] _all;
    private readonly float _attentionBiasScale;

    private TrainableUseLiteEncoder(UseLiteDimensions dimensions, Func<string, int[], float[]> floats, Func<string, float> scalar)
    {
        dimensions.Validate();
        Size = dimensions;
        var (e, m, f) = (dimensions.EmbeddingWidth, dimensions.ModelWidth, dimensions.FeedForwardWidth);
        var parameters = new List<Parameter>();
        Parameter Take(string name, params int[] shape)
        {
            var parameter = new Parameter(name, shape, floats(name, shape));
            parameters.Add(parameter);
            return parameter;
        }

        LayerNormEpsilon = scalar(Names.LayerNormEpsilon);
        L2Floor = scalar(Names.L2Floor);
        _attentionBiasScale = scalar(Names.AttentionBiasScale);
        _timing = new TimingSignal(floats(Names.InverseTimescales, [1, dimensions.TimescaleCount]));
        _embedding = new EmbeddingLookup(Take(Names.Embeddings, dimensions.VocabularyRows, e), e, factor: 2f);

        UseLiteTransformerLayer Layer(int layer, int width) => new(
            new LayerNorm(Take(Names.LayerNormScale(layer, Names.AttentionBlock), width), Take(Names.LayerNormBias(layer, Names.AttentionBlock), width), LayerNormEpsilon),
            new MultiHeadSelfAttention(
                new Linear(Take(Names.QkvKernel(layer), 1, 1, width, 3 * width), Take(Names.QkvBias(layer), 3 * width), width, 3 * width),
                new Linear(Take(Names.AttentionOutputKernel(layer), 1, 1, width, m), Take(Names.AttentionOutputBias(layer), m), width, m),
                dimensions.Heads, scalar(Names.AttentionQueryScale(layer))),
            new LayerNorm(Take(Names.LayerNormScale(layer, Names.FeedForwardBlock), m), Take(Names.LayerNormBias(layer, Names.FeedForwardBlock), m), LayerNormEpsilon),
            new FeedForward(
                new Linear(Take(Names.FeedForwardInnerKernel(layer), m, f), Take(Names.FeedForwardInnerBias(layer), f), m, f),
                new Linear(Take(Names.FeedForwardOuterKernel(layer), f, m), Take(Names.FeedForwardOuterBias(layer), m), f, m)));

        _lower = Layer(0, e);
        _residual = new Linear(Take(Names.ResidualKernel, e, m), Take(Names.ResidualBias, m), e, m);
        _upper = Layer(1, m);
        _tanhLayer = new Linear(Take(Names.TanhKernel, m, m), Take(Names.TanhBias, m), m, m);
        _all = parameters.ToArray();
        LowerLayerParameters = parameters.Where(p => _lower.Owns(p) || p == _residual.Weight || p == _residual.Bias).ToArray();
    }

    /// <summary>Most tokens per sequence, as the serving encoder's window.</summary>
    public const int MaxTokens = SentenceEncoder.MaxTokens;

    /// <summary>The layer sizes (<see cref="Dimensions"/> is only the embedding width, as the interface defines it).</summary>
    public UseLiteDimensions Size { get; }

    public int Dimensions => Size.ModelWidth;

    public float LayerNormEpsilon { get; }

    public float L2Floor { get; }

    /// <summary>What does not train; set it before creating the optimizer over <see cref="Parameters"/>.</summary>
    public EncoderFreezing Freezing { get; set; } = EncoderFreezing.None;

    /// <summary>The parameters that train under <see cref="Freezing"/> (what the optimizer and clipping should see).</summary>
    public IReadOnlyList<Parameter> Parameters => Freezing switch
    {
        EncoderFreezing.None => _all,
        EncoderFreezing.Embeddings => _all.Where(p => p != _embedding.Table).ToArray(),
        _ => _all.Where(p => p != _embedding.Table && !LowerLayerParameters.Contains(p)).ToArray(),
    };

    /// <summary>Every parameter, frozen or not (for checkpoints and export).</summary>
    public IReadOnlyList<Parameter> AllParameters => _all;

    private Parameter[] LowerLayerParameters { get; }

    /// <summary>Reads the weights the converter reads (from `make setup`'s TF.js model).</summary>
    public static TrainableUseLiteEncoder FromTfjs(TfjsWeights weights)
    {
        var heads = weights.IntScalar(Names.HeadCount);
        var dimensions = UseLiteDimensions.Real with { Heads = heads };
        // Copies, so training never changes the loaded source weights.
        return new TrainableUseLiteEncoder(dimensions, (name, shape) => (float[])weights.Floats(name, shape).Clone(), weights.FloatScalar);
    }

    /// <summary>
    /// A randomly initialised encoder of any size, deterministic for <paramref name="seed"/> (for tests and
    /// experiments; fine-tuning starts from <see cref="FromTfjs"/>).
    /// </summary>
    public static TrainableUseLiteEncoder CreateRandom(UseLiteDimensions dimensions, int seed)
    {
        var random = new Random(seed);
        float[] Initial(string name, int[] shape)
        {
            var values = new float[shape.Aggregate(1, (a, b) => a * b)];
            if (name == Names.InverseTimescales)
            {
                // The standard geometric timescales 1 .. 10^4.
                for (var j = 0; j < values.Length; j++) values[j] = (float)Math.Pow(1e4, -(double)j / Math.Max(1, values.Length - 1));
                return values;
            }
            var isScale = name.Contains("layer_norm_scale", StringComparison.Ordinal);
            var isVector = shape.Length == 1;
            var fanIn = shape.Length >= 2 ? shape[^2] : 1;
            var spread = isVector ? 0.1 : 1 / Math.Sqrt(fanIn);
            for (var i = 0; i < values.Length; i++) values[i] = (float)((isScale ? 1 : 0) + spread * Gaussian(random));
            return values;
        }
        float Scalar(string name) => name switch
        {
            Names.LayerNormEpsilon => 1e-6f,
            Names.L2Floor => 1e-12f,
            Names.AttentionBiasScale => -1e9f,
            _ when name == Names.AttentionQueryScale(0) => 1 / MathF.Sqrt(dimensions.EmbeddingWidth / dimensions.Heads),
            _ when name == Names.AttentionQueryScale(1) => 1 / MathF.Sqrt(dimensions.ModelWidth / dimensions.Heads),
            _ => throw new InvalidOperationException($"No initial value for scalar '{name}'."),
        };
        return new TrainableUseLiteEncoder(dimensions, Initial, Scalar);
    }

    public EncoderPass Forward(ReadOnlySpan<int> tokenIds)
    {
        CheckLength(tokenIds.Length);
        var ids = tokenIds.ToArray();
        var lengths = new[] { ids.Length };
        var activations = new UseLiteActivations(Size, lengths);
        try
        {
            var embedding = new float[Dimensions];
            RunForward(ids, activations, embedding);
            return new UseLitePass(this, ids, activations, embedding);
        }
        catch
        {
            activations.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One pass over several sequences packed row after row: every dense layer runs once over all their tokens, so
    /// each weight matrix is read once per batch instead of once per sequence (attention stays within each sequence).
    /// </summary>
    public EncoderBatchPass ForwardPacked(IReadOnlyList<int[]> sequences)
    {
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        foreach (var sequence in sequences) CheckLength(sequence.Length);
        var ids = sequences.SelectMany(s => s).ToArray();
        var lengths = sequences.Select(s => s.Length).ToArray();
        var activations = new UseLiteActivations(Size, lengths);
        try
        {
            var embeddings = new float[sequences.Count * Dimensions];
            RunForward(ids, activations, embeddings);
            return new UseLitePackedPass(this, ids, activations, embeddings);
        }
        catch
        {
            activations.Dispose();
            throw;
        }
    }

    /// <summary>The embedding alone (evaluation): a forward pass whose saved values go straight back to the pool.</summary>
    public void Embed(ReadOnlySpan<int> tokenIds, Span<float> destination)
    {
        using var pass = (UseLitePass)Forward(tokenIds);
        pass.Embedding.CopyTo(destination);
    }

    /// <summary>
    /// The current weights under their TF.js names, with the source model's constants, for
    /// <see cref="EncoderConverter.BuildGraph"/> (which checks the real model's shapes).
    /// </summary>
    public TfjsWeights ExportWeights()
    {
        var floats = _all.Select(p => (p.Name, p.Shape, (float[])p.Value.Clone())).ToList();
        floats.Add((Names.InverseTimescales, [1, _timing.InverseTimescales.Length], (float[])_timing.InverseTimescales.Clone()));
        floats.Add((Names.LayerNormEpsilon, [], [LayerNormEpsilon]));
        floats.Add((Names.L2Floor, [], [L2Floor]));
        floats.Add((Names.AttentionBiasScale, [], [_attentionBiasScale]));
        floats.Add((Names.AttentionQueryScale(0), [], [_lower.Attention.QueryScale]));
        floats.Add((Names.AttentionQueryScale(1), [], [_upper.Attention.QueryScale]));
        return TfjsWeights.FromArrays(floats, [(Names.HeadCount, Size.Heads)]);
    }

    private static void CheckLength(int length)
    {
        if (length is 0 or > MaxTokens)
            throw new ArgumentException($"A sequence has 1..{MaxTokens} token ids, not {length}.", "tokenIds");
    }

    /// <summary>Forward over the packed sequences in <paramref name="saved"/> (ids concatenated); one embedding per sequence.</summary>
    private void RunForward(ReadOnlySpan<int> ids, UseLiteActivations saved, Span<float> embeddings)
    {
        var rows = ids.Length;
        var lengths = saved.Lengths;
        var (e, m) = (Size.EmbeddingWidth, Size.ModelWidth);
        var input = saved.Input.Span;
        _embedding.Forward(ids, input);
        var row = 0;
        foreach (var length in lengths)
        {
            // Positions restart at 0 in every sequence.
            _timing.AddTo(input[(row * e)..], length);
            row += length;
        }

        // Layer 0 widens: attention(LN(x)) + Dense(x) is the residual sum.
        var lower = saved.Lower;
        _lower.AttentionNorm.Forward(input, lower.AttentionNormed.Span, lower.AttentionNormMeans.Span, lower.AttentionNormInverseDeviations.Span, rows);
        _lower.Attention.Forward(lower.AttentionNormed.Span, lower.AfterAttention.Span, lower.Attention, lengths);
        _residual.Forward(input, lower.AfterAttention.Span, rows, accumulate: true);
        _lower.FeedForwardBlock(lower, rows);

        var upper = saved.Upper;
        var upperInput = lower.Output.Span;
        _upper.AttentionNorm.Forward(upperInput, upper.AttentionNormed.Span, upper.AttentionNormMeans.Span, upper.AttentionNormInverseDeviations.Span, rows);
        upperInput.CopyTo(upper.AfterAttention.Span);
        _upper.Attention.Forward(upper.AttentionNormed.Span, upper.AfterAttention.Span, upper.Attention, lengths, accumulate: true);
        _upper.FeedForwardBlock(upper, rows);

        var pooled = saved.Pooled.Span;
        row = 0;
        for (var s = 0; s < lengths.Length; s++)
        {
            MeanPooling.Forward(upper.Output.Span[(row * m)..], pooled.Slice(s * m, m), lengths[s]);
            row += lengths[s];
        }
        var activated = saved.Activated.Span;
        _tanhLayer.Forward(pooled, activated, rows: lengths.Length);
        TanhActivation.Forward(activated, activated);
        for (var s = 0; s < lengths.Length; s++) L2Normalization.Forward(activated.Slice(s * m, m), embeddings.Slice(s * m, m), L2Floor);
    }

    /// <summary>Backward through everything not frozen; parameter gradients go to <paramref name="gradients"/> (each array under its lock).</summary>
    internal void RunBackward(ReadOnlySpan<int> ids, UseLiteActivations saved, ReadOnlySpan<float> embeddings, ReadOnlySpan<float> embeddingGradients, GradientSink gradients)
    {
        var rows = ids.Length;
        var lengths = saved.Lengths;
        var count = lengths.Length;
        var (e, m) = (Size.EmbeddingWidth, Size.ModelWidth);
        using var scratch = new UseLiteGradientScratch(Size, lengths);

        var activated = saved.Activated.Span;
        var activatedGradient = scratch.Vector(0);
        var preActivationGradient = scratch.Vector(1);
        var pooledGradient = scratch.Vector(2);
        for (var s = 0; s < count; s++)
            L2Normalization.Backward(activated.Slice(s * m, m), embeddings.Slice(s * m, m), embeddingGradients.Slice(s * m, m), activatedGradient.Slice(s * m, m), L2Floor);
        TanhActivation.Backward(activated, activatedGradient, preActivationGradient);
        _tanhLayer.Backward(saved.Pooled.Span, preActivationGradient, pooledGradient, rows: count, accumulateInputGradient: false, updateParameters: true, gradients);

        // stateGradient carries d(loss)/d(residual stream) downwards; each block adds its branch's share into it.
        var stateGradient = scratch.State;
        stateGradient.Clear();
        var row = 0;
        for (var s = 0; s < count; s++)
        {
            MeanPooling.Backward(pooledGradient.Slice(s * m, m), stateGradient[(row * m)..], lengths[s]);
            row += lengths[s];
        }
        var upper = saved.Upper;
        _upper.BackwardFeedForwardBlock(upper, stateGradient, scratch, rows, gradients);
        var branch = scratch.Branch[..(rows * m)];
        branch.Clear();
        _upper.Attention.Backward(upper.AttentionNormed.Span, upper.Attention, stateGradient, branch,
            scratch.Merged, scratch.QueryKeyValue, scratch.Probabilities, lengths, updateParameters: true, gradients);
        _upper.AttentionNorm.Backward(saved.Lower.Output.Span, upper.AttentionNormMeans.Span, upper.AttentionNormInverseDeviations.Span,
            branch, stateGradient, scratch.Rows, rows, updateParameters: true, gradients);
        if (Freezing == EncoderFreezing.EmbeddingsAndLowerLayer) return;

        var lower = saved.Lower;
        _lower.BackwardFeedForwardBlock(lower, stateGradient, scratch, rows, gradients);
        var normedGradient = scratch.Branch[..(rows * e)];
        normedGradient.Clear();
        _lower.Attention.Backward(lower.AttentionNormed.Span, lower.Attention, stateGradient, normedGradient,
            scratch.Merged, scratch.QueryKeyValue, scratch.Probabilities, lengths, updateParameters: true, gradients);
        var inputGradient = scratch.Input;
        _residual.Backward(saved.Input.Span, stateGradient, inputGradient, rows, accumulateInputGradient: false, updateParameters: true, gradients);
        _lower.AttentionNorm.Backward(saved.Input.Span, lower.AttentionNormMeans.Span, lower.AttentionNormInverseDeviations.Span,
            normedGradient, inputGradient, scratch.Rows, rows, updateParameters: true, gradients);
        if (Freezing == EncoderFreezing.None) _embedding.Backward(ids, inputGradient, gradients);
    }

    /// <summary>Standard normal from two uniforms (Box-Muller), so initialisation depends only on the seed.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
