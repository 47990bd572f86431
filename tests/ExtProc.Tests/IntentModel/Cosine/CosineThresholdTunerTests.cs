using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Cosine;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Tests.IntentModel.Cosine;

public sealed class CosineThresholdTunerTests
{
    private static TrainingExample Case(float bestCosine, bool expectOther)
    {
        var zero = new float[MoeFeatureLayout.EmbeddingWidth];
        var signals = new float[2 * MoeFeatureLayout.RouteSignalCount];
        signals[0] = bestCosine;
        signals[MoeFeatureLayout.RouteSignalCount] = bestCosine - 0.1f;
        var input = new MoeInput(zero, zero, zero, zero, [zero, zero], signals, new float[MoeFeatureLayout.CaseSignalCount]);
        return new TrainingExample(input, expectOther ? 2 : 0, "t", "general");
    }

    [Fact]
    public void PicksAThresholdBetweenTheOtherCasesAndTheMatches()
    {
        TrainingExample[] cases = [Case(0.1f, true), Case(0.15f, true), Case(0.4f, false), Case(0.5f, false), Case(0.6f, false)];

        var (threshold, accuracy) = CosineThresholdTuner.Tune(cases);

        Assert.InRange(threshold, 0.15f, 0.4f);
        Assert.Equal(1.0, accuracy, 5);
    }

    [Fact]
    public void DecideFallsToOtherBelowTheThreshold()
    {
        RouteDescription[] routes = [new("a", "x"), new("b", "y")];

        Assert.Equal("b", CosineClassifier.Decide(routes, [0.1f, 0.5f], 0.3f).Route);
        Assert.Equal(IntentDecision.Other, CosineClassifier.Decide(routes, [0.1f, 0.2f], 0.3f).Route);
    }
}
