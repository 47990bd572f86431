using ExtProcRouter.Comparison;

namespace ExtProcRouter.Tests.Comparison;

public sealed class JudgeReplyParserTests
{
    [Theory]
    [InlineData("""{"score_a": 8, "score_b": 6}""", 8.0, 6.0)]
    [InlineData("Verdict:\n```json\n{\"score_a\": 7.5, \"score_b\": \"9\"}\n```\nThanks.", 7.5, 9.0)]
    [InlineData("""{"A": 3, "B": 10,}""", 3.0, 10.0)]
    [InlineData("score_a: 4, score_b = 2", 4.0, 2.0)]
    [InlineData("{'score_a': 6, 'score_b': 5}", 6.0, 5.0)]
    public void Scores_are_found_in_the_forms_models_write_them(string reply, double a, double b)
    {
        var scores = JudgeReplyParser.Parse(reply);

        Assert.Equal(a, scores.A);
        Assert.Equal(b, scores.B);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Both answers are fine.")]
    [InlineData("{\"score_a\": [tru")]
    [InlineData("""{"verdict": "A is better"}""")]
    [InlineData("""[8, 6]""")]
    public void A_reply_without_scores_gives_missing_scores(string? reply)
    {
        Assert.Equal(JudgeScores.Missing, JudgeReplyParser.Parse(reply));
    }

    [Fact]
    public void A_score_outside_one_to_ten_is_missing_and_the_other_is_kept()
    {
        var scores = JudgeReplyParser.Parse("""{"score_a": 42, "score_b": 7}""");

        Assert.Null(scores.A);
        Assert.Equal(7.0, scores.B);
    }
}
