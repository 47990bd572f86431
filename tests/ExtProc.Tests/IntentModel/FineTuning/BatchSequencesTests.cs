using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

public sealed class BatchSequencesTests
{
    private static TokenizedText Text(string text, params int[] ids) => new(text, ids);

    private static FineTuneExample Case(string message, params (string Name, string Text)[] routes) => new(
        [Text(message, 1)], [ConversationViewKind.LatestUserMessage],
        routes.Select((r, i) => new TokenizedRoute(r.Name, Text(r.Text, 10 + i))).ToArray(), 0, "test.jsonl");

    [Fact]
    public void EncodesEachDistinctTextOnceAndKeepsSameNamedRoutesOutOfTheNegatives()
    {
        var batch = new[]
        {
            Case("write a sort", ("code", "code: write code"), ("chat", "chat: small talk")),
            Case("hello there", ("code", "code: write code"), ("chat", "chat: small talk")),
            Case("book a flight", ("flights", "flights: book flights"), ("code", "code: programming help")),
        };

        var sequences = new BatchSequences(batch);

        Assert.Equal(7, sequences.TokenIds.Count); // 3 messages + 4 distinct route texts
        Assert.Equal(sequences.Candidates(0, false), sequences.Candidates(1, false));
        var negatives = sequences.Candidates(0, true).Skip(2).ToList();
        Assert.Single(negatives); // "flights"; the other router's "code" shares a name with an offered route
        Assert.Equal(sequences.Candidates(2, false)[0], negatives[0]);
    }
}
