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
}
