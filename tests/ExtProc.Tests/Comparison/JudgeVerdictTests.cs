using ExtProcRouter.Comparison;

namespace ExtProcRouter.Tests.Comparison;

public sealed class JudgeVerdictTests
{
    [Fact]
    public void Swapped_asks_are_mapped_back_to_their_sides_and_averaged()
    {
        // Ask 1: router is A (8), baseline is B (4). Ask 2: baseline is A (6), router is B (10).
        var verdict = JudgeVerdict.FromSwappedAsks(new JudgeScores(8, 4), new JudgeScores(6, 10));

        Assert.Equal(9.0, verdict.Router);
        Assert.Equal(5.0, verdict.Baseline);
    }

    [Fact]
    public void A_missing_ask_leaves_the_other_one_and_two_missing_asks_leave_nothing()
    {
        var oneMissing = JudgeVerdict.FromSwappedAsks(JudgeScores.Missing, new JudgeScores(6, 10));
        var bothMissing = JudgeVerdict.FromSwappedAsks(JudgeScores.Missing, JudgeScores.Missing);

        Assert.Equal(10.0, oneMissing.Router);
        Assert.Equal(6.0, oneMissing.Baseline);
        Assert.Equal(JudgeVerdict.Missing, bothMissing);
    }
}
