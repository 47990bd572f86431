using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class MoeGateTests
{
    private const int Rows = 6, Width = 5, Experts = 4, TopK = 2;
    private const float Balance = 0.3f;

    [Fact]
    public void GradientsOfGatesAndLoadBalancingMatchFiniteDifferences()
    {
        var random = new Random(16);
        var gate = new MoeGate(new Linear(GradientCheck.RandomParameter(random, "wg", 1f, Width, Experts), GradientCheck.RandomParameter(random, "bg", 1f, Experts), Width, Experts), TopK);
        var input = GradientCheck.RandomArray(random, Rows * Width);
        var weights = GradientCheck.RandomArray(random, Rows * Experts);
        var (probabilities, gates) = (new float[Rows * Experts], new float[Rows * Experts]);
        gate.Forward(input, probabilities, gates, Rows, Balance);
        var inputGradient = new float[Rows * Width];

        gate.Backward(input, probabilities, gates, weights, Balance, inputGradient, new float[Rows * Experts], Rows);

        // Loss = Σ gates ⊙ weights + the balancing loss; ε is small enough that no top-k choice flips.
        double Loss()
        {
            var (p, g) = (new float[Rows * Experts], new float[Rows * Experts]);
            var balancing = gate.Forward(input, p, g, Rows, Balance);
            return GradientCheck.Projection(g, weights) + balancing;
        }
        GradientCheck.AssertMatches("input", input, inputGradient, Loss, samples: Rows * Width);
        GradientCheck.AssertMatches("gate.Projection.Weight.Value", gate.Projection.Weight.Value, gate.Projection.Weight.Gradient, Loss, samples: Width * Experts);
        GradientCheck.AssertMatches("gate.Projection.Bias.Value", gate.Projection.Bias.Value, gate.Projection.Bias.Gradient, Loss, samples: Experts);
        Assert.True(GradientCheck.WorstRelativeError(gate.Projection.Bias.Value, GradientCheck.Corrupted(gate.Projection.Bias.Gradient, 1), Loss, samples: Experts) > GradientCheck.Threshold);
    }

    [Fact]
    public void LoadBalancingGradientAloneMatchesFiniteDifferences()
    {
        var random = new Random(17);
        var gate = new MoeGate(new Linear(GradientCheck.RandomParameter(random, "wg", 1f, Width, Experts), GradientCheck.RandomParameter(random, "bg", 1f, Experts), Width, Experts), TopK);
        var input = GradientCheck.RandomArray(random, Rows * Width);
        var (probabilities, gates) = (new float[Rows * Experts], new float[Rows * Experts]);
        gate.Forward(input, probabilities, gates, Rows, Balance);

        gate.Backward(input, probabilities, gates, new float[Rows * Experts], Balance, Span<float>.Empty, new float[Rows * Experts], Rows);

        double Loss() => gate.Forward(input, new float[Rows * Experts], new float[Rows * Experts], Rows, Balance);
        GradientCheck.AssertMatches("gate.Projection.Bias.Value", gate.Projection.Bias.Value, gate.Projection.Bias.Gradient, Loss, samples: Experts);
        Assert.Contains(gate.Projection.Bias.Gradient, g => Math.Abs(g) > 1e-4f);
    }

    [Fact]
    public void EachRowSharesItsWeightAmongTheTopKExperts()
    {
        var gate = new MoeGate(new Linear(new Parameter("wg", [1, 3], [1f, 3f, 2f]), new Parameter("bg", [3], new float[3]), 1, 3), topK: 2);
        var (probabilities, gates) = (new float[3], new float[3]);

        var balancing = gate.Forward([1f], probabilities, gates, 1, loadBalancingWeight: 1f);

        Assert.Equal(0f, gates[0]);
        Assert.Equal(1f, gates[1] + gates[2], 5);
        Assert.True(gates[1] > gates[2]);
        // load = (0, 1/2, 1/2), importance = p: 3 · (p1 + p2) / 2.
        Assert.Equal(3 * (probabilities[1] + probabilities[2]) / 2, balancing, 5);
    }
}
