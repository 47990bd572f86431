using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class LayerNormTests
{
    private const int Rows = 3, Width = 19;

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var random = new Random(5);
        var norm = new LayerNorm(GradientCheck.RandomParameter(random, "scale", 1f, Width), GradientCheck.RandomParameter(random, "bias", 1f, Width), 1e-6f);
        var input = GradientCheck.RandomArray(random, Rows * Width, 2f);
        var weights = GradientCheck.RandomArray(random, Rows * Width);
        var (output, means, inverses) = (new float[Rows * Width], new float[Rows], new float[Rows]);
        norm.Forward(input, output, means, inverses, Rows);
        var inputGradient = new float[Rows * Width];

        norm.Backward(input, means, inverses, weights, inputGradient, new float[2 * Width], Rows, updateParameters: true);

        double Loss()
        {
            norm.Forward(input, output, means, inverses, Rows);
            return GradientCheck.Projection(output, weights);
        }
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: Rows * Width);
        GradientCheck.AssertMatches("norm.Scale.Value", norm.Scale.Value, norm.Scale.Gradient, Loss);
        GradientCheck.AssertMatches("norm.Bias.Value", norm.Bias.Value, norm.Bias.Gradient, Loss);
        Assert.True(GradientCheck.WorstRelativeError(input, GradientCheck.Corrupted(inputGradient, 4), Loss, samples: Rows * Width) > GradientCheck.Threshold);
    }

    [Fact]
    public void NormalisesWithTheStoredEpsilon()
    {
        var norm = new LayerNorm(new Parameter("s", [2], [1f, 1f]), new Parameter("b", [2], [0f, 0f]), epsilon: 3f);
        var output = new float[2];

        norm.Forward([1f, -1f], output, new float[1], new float[1], 1);

        // mean 0, variance 1: (x - 0) / sqrt(1 + 3).
        Assert.Equal([0.5f, -0.5f], output);
    }
}
