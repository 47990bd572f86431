namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Parameters of the mixture-of-experts head. Rows are stored per output unit (each a contiguous vector over the
/// input features) because the C# forward and backward passes take dot products along them; the ONNX export
/// transposes them into MatMul layout.
/// </summary>
public sealed class MoeHeadWeights
{
    public MoeHeadWeights(int experts, int hidden, int topK, int inputWidth = MoeFeatureLayout.InputWidth, int caseSignals = MoeFeatureLayout.CaseSignalCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topK, experts);
        Experts = experts;
        Hidden = hidden;
        TopK = topK;
        InputWidth = inputWidth;
        GateWeights = new float[experts * inputWidth];
        GateBias = new float[experts];
        ExpertWeights = new float[experts * hidden * inputWidth];
        ExpertBias = new float[experts * hidden];
        OutputWeights = new float[experts * hidden];
        OutputBias = new float[experts];
        OtherWeights = new float[caseSignals];
        OtherBias = new float[1];
    }

    public int Experts { get; }

    public int Hidden { get; }

    public int TopK { get; }

    public int InputWidth { get; }

    /// <summary>[experts][input]: gate logit of each expert.</summary>
    public float[] GateWeights { get; }

    public float[] GateBias { get; }

    /// <summary>[experts * hidden][input]: each expert's hidden layer (ReLU).</summary>
    public float[] ExpertWeights { get; }

    public float[] ExpertBias { get; }

    /// <summary>[experts][hidden]: each expert's score from its hidden layer.</summary>
    public float[] OutputWeights { get; }

    public float[] OutputBias { get; }

    /// <summary>The "none of these" logit: a linear function of the case signals.</summary>
    public float[] OtherWeights { get; }

    public float[] OtherBias { get; }

    /// <summary>All parameter arrays, in a fixed order (the optimiser keeps its moments per array).</summary>
    public float[][] Parameters => [GateWeights, GateBias, ExpertWeights, ExpertBias, OutputWeights, OutputBias, OtherWeights, OtherBias];

    /// <summary>He-initialised hidden layers, a near-uniform gate, zero "other" logit; deterministic for a seed.</summary>
    public static MoeHeadWeights CreateRandom(int seed, int experts = 4, int hidden = 32, int topK = 2,
        int inputWidth = MoeFeatureLayout.InputWidth, int caseSignals = MoeFeatureLayout.CaseSignalCount)
    {
        var weights = new MoeHeadWeights(experts, hidden, topK, inputWidth, caseSignals);
        var random = new Random(seed);
        Fill(random, weights.GateWeights, 0.01f);
        Fill(random, weights.ExpertWeights, MathF.Sqrt(2f / inputWidth));
        Fill(random, weights.OutputWeights, MathF.Sqrt(1f / hidden));
        return weights;
    }

    public MoeHeadWeights Clone()
    {
        var copy = new MoeHeadWeights(Experts, Hidden, TopK, InputWidth, OtherWeights.Length);
        var source = Parameters;
        var target = copy.Parameters;
        for (var i = 0; i < source.Length; i++) source[i].CopyTo(target[i], 0);
        return copy;
    }

    private static void Fill(Random random, float[] values, float standardDeviation)
    {
        for (var i = 0; i < values.Length; i++)
        {
            // Box-Muller: Random has no Gaussian sampler.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)) * standardDeviation;
        }
    }
}
