using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class MultiHeadSelfAttentionTests
{
    private const int Tokens = 5, Width = 16, Heads = 2, OutputWidth = 24;

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var (attention, input, weights) = Create();
        var (qkv, probabilities, merged) = Buffers();
        attention.Forward(input, new float[Tokens * OutputWidth], new(qkv, probabilities, merged), Tokens);
        var inputGradient = new float[Tokens * Width];

        attention.Backward(input, new(qkv, probabilities, merged), weights, inputGradient,
            new float[Tokens * Width], new float[Tokens * 3 * Width], new float[Tokens * Tokens], Tokens, updateParameters: true);

        double Loss() => Project(attention, input, weights);
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: Tokens * Width);
        GradientCheck.AssertMatches("attention.QueryKeyValue.Weight.Value", attention.QueryKeyValue.Weight.Value, attention.QueryKeyValue.Weight.Gradient, Loss, samples: 80);
        GradientCheck.AssertMatches("attention.QueryKeyValue.Bias.Value", attention.QueryKeyValue.Bias.Value, attention.QueryKeyValue.Bias.Gradient, Loss, samples: 3 * Width);
        GradientCheck.AssertMatches("attention.Output.Weight.Value", attention.Output.Weight.Value, attention.Output.Weight.Gradient, Loss);
        Assert.True(GradientCheck.WorstRelativeError(input, GradientCheck.Corrupted(inputGradient, 7), Loss, samples: Tokens * Width) > GradientCheck.Threshold);
    }

    [Fact]
    public void AttentionWeightsAreRowStochastic()
    {
        var (attention, input, _) = Create();
        var (qkv, probabilities, merged) = Buffers();

        attention.Forward(input, new float[Tokens * OutputWidth], new(qkv, probabilities, merged), Tokens);

        for (var row = 0; row < Heads * Tokens; row++)
            Assert.Equal(1.0, probabilities.AsSpan(row * Tokens, Tokens).ToArray().Sum(), 5);
    }

    [Fact]
    public void WithOneTokenTheContextIsThatTokensValue()
    {
        var (attention, input, _) = Create();
        var (qkv, probabilities, merged) = Buffers();

        attention.Forward(input.AsSpan(0, Width), new float[OutputWidth], new(qkv, probabilities, merged), tokens: 1);

        Assert.Equal(qkv.AsSpan(2 * Width, Width).ToArray(), merged.AsSpan(0, Width).ToArray());
    }

    private static (float[] Qkv, float[] Probabilities, float[] Merged) Buffers() =>
        (new float[Tokens * 3 * Width], new float[Heads * Tokens * Tokens], new float[Tokens * Width]);

    private static (MultiHeadSelfAttention Attention, float[] Input, float[] Weights) Create()
    {
        var random = new Random(3);
        var attention = new MultiHeadSelfAttention(
            new Linear(GradientCheck.RandomParameter(random, "qkv", 0.4f, Width, 3 * Width), GradientCheck.RandomParameter(random, "qkv_b", 0.2f, 3 * Width), Width, 3 * Width),
            new Linear(GradientCheck.RandomParameter(random, "out", 0.4f, Width, OutputWidth), GradientCheck.RandomParameter(random, "out_b", 0.2f, OutputWidth), Width, OutputWidth),
            Heads, queryScale: 1 / MathF.Sqrt(Width / Heads));
        return (attention, GradientCheck.RandomArray(random, Tokens * Width), GradientCheck.RandomArray(random, Tokens * OutputWidth));
    }

    private static double Project(MultiHeadSelfAttention attention, float[] input, float[] weights)
    {
        var (qkv, probabilities, merged) = Buffers();
        var output = new float[Tokens * OutputWidth];
        attention.Forward(input, output, new(qkv, probabilities, merged), Tokens);
        return GradientCheck.Projection(output, weights);
    }
}
