using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class LinearTests
{
    private const int Rows = 6, Inputs = 5, Outputs = 27;

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var (linear, input, weights) = Create();
        var inputGradient = new float[Rows * Inputs];

        linear.Backward(input, weights, inputGradient, Rows, accumulateInputGradient: false, updateParameters: true);

        double Loss() => Project(linear, input, weights);
        GradientCheck.AssertMatches("input", input, inputGradient, Loss);
        GradientCheck.AssertMatches("linear.Weight.Value", linear.Weight.Value, linear.Weight.Gradient, Loss);
        GradientCheck.AssertMatches("linear.Bias.Value", linear.Bias.Value, linear.Bias.Gradient, Loss);
    }

    [Fact]
    public void AWrongGradientFailsTheCheck()
    {
        var (linear, input, weights) = Create();
        linear.Backward(input, weights, Span<float>.Empty, Rows, accumulateInputGradient: false, updateParameters: true);

        var wrong = GradientCheck.Corrupted(linear.Bias.Gradient, 3);

        Assert.True(GradientCheck.WorstRelativeError(linear.Bias.Value, wrong, () => Project(linear, input, weights)) > GradientCheck.Threshold);
    }

    [Fact]
    public void ForwardAddsTheBiasToEveryRow()
    {
        var linear = new Linear(new Parameter("w", [1, 2], [2f, 3f]), new Parameter("b", [2], [10f, 20f]), 1, 2);
        var output = new float[4];

        linear.Forward([1f, -1f], output, 2);

        Assert.Equal([12f, 23f, 8f, 17f], output);
    }

    [Fact]
    public void FrozenBackwardLeavesParameterGradientsAlone()
    {
        var (linear, input, weights) = Create();

        linear.Backward(input, weights, new float[Rows * Inputs], Rows, accumulateInputGradient: false, updateParameters: false);

        Assert.All(linear.Weight.Gradient, g => Assert.Equal(0f, g));
    }

    private static (Linear Linear, float[] Input, float[] Weights) Create()
    {
        var random = new Random(11);
        var linear = new Linear(GradientCheck.RandomParameter(random, "w", 0.5f, Inputs, Outputs), GradientCheck.RandomParameter(random, "b", 0.5f, Outputs), Inputs, Outputs);
        return (linear, GradientCheck.RandomArray(random, Rows * Inputs), GradientCheck.RandomArray(random, Rows * Outputs));
    }

    private static double Project(Linear linear, float[] input, float[] weights)
    {
        var output = new float[Rows * Outputs];
        linear.Forward(input, output, Rows);
        return GradientCheck.Projection(output, weights);
    }
}
