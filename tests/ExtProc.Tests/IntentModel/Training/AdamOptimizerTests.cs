using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void MinimisesAQuadratic()
    {
        float[] x = [5f, -3f];
        var optimizer = new AdamOptimizer([x], learningRate: 0.1f);
        for (var step = 0; step < 500; step++)
        {
            float[] gradient = [2 * (x[0] - 1), 2 * (x[1] + 2)];
            optimizer.Step([x], [gradient]);
        }
        Assert.Equal(1f, x[0], 1);
        Assert.Equal(-2f, x[1], 1);
    }

    [Fact]
    public void DecoupledWeightDecayShrinksOnlyTheDecayedArrays()
    {
        // Hand-computed: step 1 has m = 0.05, v = 0.00025, so the Adam step is lr · m̂/√v̂ = 0.1 · 0.5/0.5 = 0.1;
        // decay multiplies by 1 - lr · wd = 0.99 first. Step 2 (same gradient): m̂ = 0.5, v̂ = 0.25 again.
        float[] decayed = [1f];
        float[] plain = [1f];
        float[] gradient = [0.5f];
        var optimizer = new AdamOptimizer([decayed, plain], learningRate: 0.1f, weightDecay: 0.1f, decayed: [true, false]);

        optimizer.Step([decayed, plain], [gradient, gradient]);
        Assert.Equal(0.89f, decayed[0], 5);
        Assert.Equal(0.9f, plain[0], 5);

        optimizer.Step([decayed, plain], [gradient, gradient]);
        Assert.Equal(0.89f * 0.99f - 0.1f, decayed[0], 4);
        Assert.Equal(0.8f, plain[0], 4);
        Assert.Equal(2, optimizer.Steps);
    }

    [Fact]
    public void AScheduledLearningRateReplacesTheDefault()
    {
        float[] x = [1f];
        var optimizer = new AdamOptimizer([x], learningRate: 0.1f);

        optimizer.Step([x], [[2f]], learningRate: 0.01f);

        Assert.Equal(0.99f, x[0], 5);
    }

    [Fact]
    public void WeightDecayPullsTowardsZeroWithoutGradient()
    {
        float[] x = [2f];
        var optimizer = new AdamOptimizer([x], learningRate: 0.5f, weightDecay: 0.2f);

        optimizer.Step([x], [[0f]]);

        Assert.Equal(2f * (1 - 0.5f * 0.2f), x[0], 5);
    }
}
