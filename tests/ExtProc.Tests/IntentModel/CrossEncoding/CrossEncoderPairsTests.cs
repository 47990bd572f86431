using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.CrossEncoding;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

public sealed class CrossEncoderPairsTests
{
    private static readonly SentencePieceTokenizer Tokenizer = new TokenizerFixture().Tokenizer;

    private static readonly RouteDescription[] Routes =
    [
        new("sentence_simplification", "Rewrite a sentence so that non-native English speakers can understand it easily."),
        new("text_to_sql", "Write an SQL query that answers a question about a database."),
    ];

    private static RoutingCase Case(string expected, params ChatTurn[] messages) =>
        new("id-1", "followups_dev.jsonl", Routes, messages, expected, "follow_up", []);

    [Fact]
    public void Each_pair_is_the_route_text_then_the_users_turns_within_the_window()
    {
        var longMessage = string.Join(' ', Enumerable.Repeat("The battle took place near the town in April.", 60));
        var example = CrossEncoderPairs.Build([Case("sentence_simplification",
            new ChatTurn(ChatRole.User, "Rewrite this in plain, simple English: the treaty was ratified."),
            new ChatTurn(ChatRole.Assistant, "The treaty was approved."),
            new ChatTurn(ChatRole.User, "next " + longMessage))], Tokenizer).Single();

        Assert.Equal(["sentence_simplification", "text_to_sql"], example.RouteNames);
        Assert.Equal(0, example.Target);
        var request = Tokenizer.Encode("Rewrite this in plain, simple English: the treaty was ratified.");
        for (var r = 0; r < Routes.Length; r++)
        {
            var pair = example.Pairs[r];
            var route = Tokenizer.EncodeHeadTail(MoeFeatureBuilder.RouteText(Routes[r]), CrossEncoderPairs.RouteWindow);
            Assert.Equal(CrossEncoderPairs.PairWindow, pair.Length); // the long latest message fills the window
            Assert.Equal(route, pair[..route.Length]);
            // The earlier request leads the conversation part, so a follow-up's pair still says what the task is.
            Assert.Equal(request[..6], pair[route.Length..(route.Length + 6)]);
        }
    }

    [Fact]
    public void A_case_whose_answer_is_not_offered_targets_other()
    {
        var example = CrossEncoderPairs.Build([Case("other", new ChatTurn(ChatRole.User, "tell me a joke"))], Tokenizer).Single();
        Assert.True(example.IsOther);
        Assert.Equal(2, example.Target);
    }
}
