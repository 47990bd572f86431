using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class L2NormalizationTests
{
    [Theory]
    [InlineData(1e-12f)] // the norm is above the floor: the usual normalisation
    [InlineData(100f)] // the norm is below the floor: division by the constant √floor
    public void GradientsMatchFiniteDifferences(float floor)
    {
        var random = new Random(14);
        var input = GradientCheck.RandomArray(random, 10);
        var weights = GradientCheck.RandomArray(random, 10);
        var output = new float[10];
        L2Normalization.Forward(input, output, floor);
        var inputGradient = new float[10];

        L2Normalization.Backward(input, output, weights, inputGradient, floor);

        double Loss()
        {
            var y = new float[10];
            L2Normalization.Forward(input, y, floor);
            return GradientCheck.Projection(y, weights);
        }
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: 10);
        Assert.True(GradientCheck.WorstRelativeError(input, GradientCheck.Corrupted(inputGradient, 3), Loss, samples: 10) > GradientCheck.Threshold);
    }

    [Fact]
    public void OutputHasUnitLength()
    {
        var output = new float[2];

        L2Normalization.Forward([3f, 4f], output, 1e-12f);

        Assert.Equal([0.6f, 0.8f], output);
    }
}
