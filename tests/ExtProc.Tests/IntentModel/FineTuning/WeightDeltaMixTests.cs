using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

public sealed class WeightDeltaMixTests
{
    [Fact]
    public void SumsEachTensorWithItsRunsWeights()
    {
        IReadOnlyList<WeightDelta> first = [new("layer/kernel", [2, 2], [1f, 2f, 3f, 4f]), new("layer/bias", [2], [10f, -10f])];
        IReadOnlyList<WeightDelta> second = [new("layer/bias", [2], [2f, 4f]), new("layer/kernel", [2, 2], [-1f, 0f, 1f, 8f])];

        var mixed = WeightDeltaMix.Mix([(0.5f, first), (0.25f, second)]);

        Assert.Equal(["layer/kernel", "layer/bias"], mixed.Select(d => d.Name));
        Assert.Equal([0.25f, 1f, 1.75f, 4f], mixed[0].Values);
        Assert.Equal([2, 2], mixed[0].Shape);
        Assert.Equal([5.5f, -4f], mixed[1].Values);
    }

    [Fact]
    public void ATensorOneRunLeftFrozenCountsAsZeroThere()
    {
        IReadOnlyList<WeightDelta> everything = [new("embeddings", [3], [3f, 6f, 9f]), new("layer", [1], [1f])];
        IReadOnlyList<WeightDelta> embeddingsFrozen = [new("layer", [1], [3f])];

        var mixed = WeightDeltaMix.Mix([(1f / 3, everything), (2f / 3, embeddingsFrozen)]);

        Assert.Equal([1f, 2f, 3f], mixed.Single(d => d.Name == "embeddings").Values);
        Assert.Equal(7f / 3, mixed.Single(d => d.Name == "layer").Values[0], 5);
    }

    [Fact]
    public void NeverChangesTheRunsItMixes()
    {
        var values = new[] { 1f, 2f };
        IReadOnlyList<WeightDelta> run = [new("layer", [2], values)];

        WeightDeltaMix.Mix([(0.5f, run), (0.5f, run)]);

        Assert.Equal([1f, 2f], values);
    }

    [Fact]
    public void RefusesATensorWhoseShapeDiffersBetweenRuns()
    {
        IReadOnlyList<WeightDelta> wide = [new("layer", [1, 4], new float[4])];
        IReadOnlyList<WeightDelta> tall = [new("layer", [4, 1], new float[4])];

        var error = Assert.Throws<ArgumentException>(() => WeightDeltaMix.Mix([(1f, wide), (1f, tall)]));
        Assert.Contains("'layer'", error.Message, StringComparison.Ordinal);
    }
}
