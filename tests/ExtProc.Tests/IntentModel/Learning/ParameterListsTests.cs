using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class ParameterListsTests
{
    [Fact]
    public void DecayMaskDecaysMatricesOnly()
    {
        Parameter[] parameters =
        [
            new("kernel", [1, 1, 2, 3], new float[6]),
            new("bias", [3], new float[3]),
            new("row", [1, 4], new float[4]),
            new("table", [5, 2], new float[10]),
        ];

        Assert.Equal([true, false, false, true], parameters.DecayMask());
    }

    [Fact]
    public void ZeroGradientsClearsEveryGradient()
    {
        var parameter = new Parameter("p", [2], new float[2]);
        parameter.Gradient[1] = 3f;

        new[] { parameter }.ZeroGradients();

        Assert.Equal([0f, 0f], parameter.Gradient);
    }
}
