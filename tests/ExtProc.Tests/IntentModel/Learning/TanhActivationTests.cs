using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class TanhActivationTests
{
    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var random = new Random(13);
        var input = GradientCheck.RandomArray(random, 11, 2f);
        var weights = GradientCheck.RandomArray(random, 11);
        var output = new float[11];
        TanhActivation.Forward(input, output);
        var inputGradient = new float[11];

        TanhActivation.Backward(output, weights, inputGradient);

        double Loss()
        {
            var y = new float[11];
            TanhActivation.Forward(input, y);
            return GradientCheck.Projection(y, weights);
        }
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: 11);
        Assert.True(GradientCheck.WorstRelativeError(input, GradientCheck.Corrupted(inputGradient, 0), Loss, samples: 11) > GradientCheck.Threshold);
    }
}
