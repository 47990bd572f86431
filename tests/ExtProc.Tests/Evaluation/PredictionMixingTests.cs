using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class PredictionMixingTests
{
    private static PredictionsFile.Line Line(string id, string expected, params (string Route, float P)[] scores) =>
        new("a.jsonl", id, expected, scores.ToDictionary(s => s.Route, s => s.P, StringComparer.Ordinal));

    // The first classifier is right on c1 and wrong on c2 (says "other"); the second the other way round, but only
    // just on c1, so that their even mix is right on both.
    private static readonly PredictionsFile.Line[] First =
    [
        Line("c1", "x", ("x", 0.6f), ("y", 0.3f)),
        Line("c2", "y", ("x", 0.1f), ("y", 0.35f)),
    ];

    private static readonly PredictionsFile.Line[] Second =
    [
        Line("c1", "x", ("x", 0.45f), ("y", 0.5f)),
        Line("c2", "y", ("x", 0.05f), ("y", 0.9f)),
    ];

    [Fact]
    public void WeightZeroAnswersLikeTheFirstClassifierAndWeightOneLikeTheSecond()
    {
        Assert.Equal(0.5, PredictionMixing.Score(First, Second, 0f, geometric: false).Macro);
        var second = PredictionMixing.Score(First, Second, 1f, geometric: false);
        Assert.Equal(0.5, second.Macro);
        Assert.Equal(1.0, PredictionMixing.Score(First, Second, 0.5f, geometric: false).Macro);
    }

    [Fact]
    public void TheGeometricMeanLetsAConfidentSecondOpinionTurnAnOtherIntoARoute()
    {
        // c2 at a = 0.5: y -> sqrt(0.35 * 0.9) = 0.56 beats other -> sqrt(0.55 * 0.05) = 0.17.
        var outcome = PredictionMixing.Score(First, Second, 0.5f, geometric: true);
        Assert.Equal(1.0, outcome.AccuracyByData["a.jsonl"]);
    }

    [Fact]
    public void WithAGapOnlyCloseCallsAreMixed()
    {
        // c1's top two are 0.6 and 0.3 (gap 0.3); c2's are other 0.55 and y 0.35 (gap 0.2).
        var outcome = PredictionMixing.Score(First, Second, 1f, geometric: false, gap: 0.25f);
        Assert.Equal(0.5, outcome.MixedShare);
        Assert.Equal(1.0, outcome.Macro);
    }

    [Fact]
    public void ACaseMissingFromTheSecondFileIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => PredictionMixing.Score(First, Second[..1], 0.5f, geometric: false));
        Assert.Contains("c2", error.Message, StringComparison.Ordinal);
    }
}
