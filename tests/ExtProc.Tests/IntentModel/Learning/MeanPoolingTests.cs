using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class MeanPoolingTests
{
    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var random = new Random(12);
        var rows = GradientCheck.RandomArray(random, 4 * 6);
        var weights = GradientCheck.RandomArray(random, 6);
        var rowsGradient = new float[rows.Length];

        MeanPooling.Backward(weights, rowsGradient, tokens: 4);

        double Loss()
        {
            var mean = new float[6];
            MeanPooling.Forward(rows, mean, tokens: 4);
            return GradientCheck.Projection(mean, weights);
        }
        GradientCheck.AssertMatches("rows", rows, rowsGradient, Loss, samples: rows.Length);
        Assert.True(GradientCheck.WorstRelativeError(rows, GradientCheck.Corrupted(rowsGradient, 5), Loss, samples: rows.Length) > GradientCheck.Threshold);
    }

    [Fact]
    public void AveragesRows()
    {
        var mean = new float[2];

        MeanPooling.Forward([1f, 2f, 3f, 6f], mean, tokens: 2);

        Assert.Equal([2f, 4f], mean);
    }
}
