using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class FeedForwardTests
{
    private const int Tokens = 4, Width = 9, Hidden = 20;

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var (ffn, input, weights) = CreateAwayFromTheReluKink();
        var hidden = new float[Tokens * Hidden];
        ffn.Forward(input, hidden, new float[Tokens * Width], Tokens);
        var inputGradient = new float[Tokens * Width];

        ffn.Backward(input, hidden, weights, inputGradient, new float[Tokens * Hidden], Tokens, updateParameters: true);

        double Loss()
        {
            var output = new float[Tokens * Width];
            ffn.Forward(input, new float[Tokens * Hidden], output, Tokens);
            return GradientCheck.Projection(output, weights);
        }
        Assert.Contains(hidden, h => h == 0f); // some units are cut by the ReLU, so its gradient mask is exercised
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: Tokens * Width);
        GradientCheck.AssertMatches("ffn.Inner.Weight.Value", ffn.Inner.Weight.Value, ffn.Inner.Weight.Gradient, Loss, samples: 60);
        GradientCheck.AssertMatches("ffn.Outer.Weight.Value", ffn.Outer.Weight.Value, ffn.Outer.Weight.Gradient, Loss, samples: 60);
        Assert.True(GradientCheck.WorstRelativeError(input, GradientCheck.Corrupted(inputGradient, 2), Loss, samples: Tokens * Width) > GradientCheck.Threshold);
    }

    /// <summary>
    /// Random weights and input whose pre-activations all stay clear of 0 by more than a finite-difference step can
    /// move them, so the check measures the gradient and not the ReLU's corner.
    /// </summary>
    private static (FeedForward Ffn, float[] Input, float[] Weights) CreateAwayFromTheReluKink()
    {
        for (var seed = 9; ; seed++)
        {
            var random = new Random(seed);
            var ffn = new FeedForward(
                new Linear(GradientCheck.RandomParameter(random, "w1", 0.5f, Width, Hidden), GradientCheck.RandomParameter(random, "b1", 0.5f, Hidden), Width, Hidden),
                new Linear(GradientCheck.RandomParameter(random, "w2", 0.5f, Hidden, Width), GradientCheck.RandomParameter(random, "b2", 0.5f, Width), Hidden, Width));
            var input = GradientCheck.RandomArray(random, Tokens * Width);
            var preActivations = new float[Tokens * Hidden];
            ffn.Inner.Forward(input, preActivations, Tokens);
            if (preActivations.Min(MathF.Abs) > 0.05f) return (ffn, input, GradientCheck.RandomArray(random, Tokens * Width));
        }
    }
}
