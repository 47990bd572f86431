using ExtProcRouter.IntentModel.Keyword;
using Scored = ExtProcRouter.IntentModel.Keyword.KeywordThresholdTuner.ScoredCase;

namespace ExtProcRouter.Tests.IntentModel.Keyword;

public sealed class KeywordThresholdTunerTests
{
    [Fact]
    public void Picks_the_threshold_that_maximises_strict_accuracy()
    {
        // Low scores are mostly "other" cases, high scores mostly right: the best cut is between 0.3 and 0.5.
        Scored[] cases =
        [
            new(0.1, false, true),
            new(0.2, false, true),
            new(0.3, false, true),
            new(0.5, true, false),
            new(0.6, true, false),
            new(0.7, false, false),
            new(0.9, true, false),
        ];
        var result = KeywordThresholdTuner.Tune(cases);
        Assert.Equal(0.4, result.BestThreshold, 12);
        Assert.Equal(6.0 / 7, result.Accuracy, 12);
        Assert.Equal(7, result.Cases);
    }

    [Fact]
    public void Without_other_cases_the_threshold_stays_below_every_score()
    {
        Scored[] cases = [new(0.2, true, false), new(0.4, false, false)];
        var result = KeywordThresholdTuner.Tune(cases);
        Assert.True(result.BestThreshold < 0.2);
        Assert.Equal(0.5, result.Accuracy, 12);
    }

    [Fact]
    public void Ties_are_moved_together()
    {
        // Two cases at the same score: cutting there turns both into "other" (one gained, one lost).
        Scored[] cases = [new(0.5, true, false), new(0.5, false, true), new(0.8, true, false)];
        var result = KeywordThresholdTuner.Tune(cases);
        Assert.Equal(2.0 / 3, result.Accuracy, 12);
        Assert.True(result.BestThreshold < 0.5);
    }

    [Fact]
    public void No_cases_gives_an_undefined_accuracy()
    {
        Assert.True(double.IsNaN(KeywordThresholdTuner.Tune([]).Accuracy));
    }
}
