using ExtProcRouter.IntentModel.CrossEncoding;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

public sealed class CrossEncoderRerankingTests
{
    [Fact]
    public void A_clear_bi_encoder_answer_is_kept()
    {
        var (choice, reranked) = CrossEncoderReranking.Decide([0.7f, 0.2f, 0.1f], [0f, 5f, 0f], margin: 0.3f);
        Assert.Equal((0, false), (choice, reranked));
    }

    [Fact]
    public void A_close_call_goes_to_the_cross_encoders_pick_between_the_top_two_only()
    {
        // Top two are routes 0 and 1; the cross-encoder prefers route 2 most, but it is not a contender.
        var (choice, reranked) = CrossEncoderReranking.Decide([0.45f, 0.40f, 0.05f, 0.10f], [1f, 2f, 9f, 0f], margin: 0.1f);
        Assert.Equal((1, true), (choice, reranked));
    }

    [Fact]
    public void Other_is_a_contender_like_any_route()
    {
        // Route 1 narrowly beats "other" (the last entry); the cross-encoder's other logit is higher.
        var (choice, reranked) = CrossEncoderReranking.Decide([0.1f, 0.46f, 0.44f], [0f, 0.5f, 1.5f], margin: 0.05f);
        Assert.Equal((2, true), (choice, reranked));
    }

    [Fact]
    public void A_tie_with_other_stays_other_as_the_classifiers_decide()
    {
        var (choice, _) = CrossEncoderReranking.Decide([0.5f, 0.5f], [0f, 0f], margin: 0f);
        Assert.Equal(1, choice);
    }

    [Fact]
    public void Both_models_must_score_the_same_candidates() =>
        Assert.Throws<ArgumentException>(() => CrossEncoderReranking.Decide([0.5f, 0.5f], [0f], margin: 0.1f));
}
