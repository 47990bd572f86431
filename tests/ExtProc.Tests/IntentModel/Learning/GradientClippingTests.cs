using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class GradientClippingTests
{
    [Fact]
    public void ScalesAllGradientsTogetherToTheLimit()
    {
        var (a, b) = (WithGradient(3f, 4f), WithGradient(12f));

        var norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 6.5);

        Assert.Equal(13.0, norm, 6);
        Assert.Equal([1.5f, 2f], a.Gradient);
        Assert.Equal([6f], b.Gradient);
    }

    [Fact]
    public void LeavesGradientsUnderTheLimitAlone()
    {
        var a = WithGradient(3f, 4f);

        var norm = GradientClipping.ClipByGlobalNorm([a], maxNorm: 5.5);

        Assert.Equal(5.0, norm, 6);
        Assert.Equal([3f, 4f], a.Gradient);
    }

    [Fact]
    public void RejectsANonPositiveLimit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([WithGradient(1f)], 0));

    private static Parameter WithGradient(params float[] gradient)
    {
        var parameter = new Parameter("p", [gradient.Length], new float[gradient.Length]);
        gradient.CopyTo(parameter.Gradient, 0);
        return parameter;
    }
}
