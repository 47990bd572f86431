using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class EmbeddingLookupTests
{
    [Fact]
    public void GradientsMatchFiniteDifferencesIncludingRepeatedIds()
    {
        var random = new Random(4);
        var lookup = new EmbeddingLookup(GradientCheck.RandomParameter(random, "table", 1f, 6, 3), 3, factor: 2f);
        int[] ids = [4, 1, 4];
        var weights = GradientCheck.RandomArray(random, ids.Length * 3);

        lookup.Backward(ids, weights);

        double Loss()
        {
            var output = new float[ids.Length * 3];
            lookup.Forward(ids, output);
            return GradientCheck.Projection(output, weights);
        }
        GradientCheck.AssertMatches("lookup.Table.Value", lookup.Table.Value, lookup.Table.Gradient, Loss, samples: 18);
        Assert.Equal(0f, lookup.Table.Gradient[0]); // row 0 was not looked up
        Assert.True(GradientCheck.WorstRelativeError(lookup.Table.Value, GradientCheck.Corrupted(lookup.Table.Gradient, 12), Loss, samples: 18) > GradientCheck.Threshold);
    }

    [Fact]
    public void RejectsIdsOutsideTheTable()
    {
        var lookup = new EmbeddingLookup(new Parameter("table", [2, 2], new float[4]), 2, factor: 1f);

        Assert.Throws<ArgumentOutOfRangeException>(() => lookup.Forward([2], new float[2]));
    }
}
