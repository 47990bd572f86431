using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class SoftmaxCrossEntropyTests
{
    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var random = new Random(15);
        var logits = GradientCheck.RandomArray(random, 7, 3f);
        var gradient = new float[7];

        SoftmaxCrossEntropy.LossAndGradient(logits, target: 2, gradient, weight: 0.5f);

        double Loss() => SoftmaxCrossEntropy.LossAndGradient(logits, target: 2, new float[7], weight: 0.5f);
        GradientCheck.AssertMatches("logits", logits, gradient, Loss, samples: 7);
        Assert.True(GradientCheck.WorstRelativeError(logits, GradientCheck.Corrupted(gradient, 2), Loss, samples: 7) > GradientCheck.Threshold);
    }

    [Fact]
    public void UniformLogitsCostLogOfTheClassCount()
    {
        var gradient = new float[4];

        var loss = SoftmaxCrossEntropy.LossAndGradient([5f, 5f, 5f, 5f], target: 1, gradient);

        Assert.Equal(MathF.Log(4), loss, 5);
        Assert.Equal([0.25f, -0.75f, 0.25f, 0.25f], gradient);
    }

    [Fact]
    public void HugeLogitsDoNotOverflow()
    {
        var loss = SoftmaxCrossEntropy.LossAndGradient([1000f, 0f], target: 1, new float[2]);

        Assert.Equal(1000f, loss, 3);
    }
}
