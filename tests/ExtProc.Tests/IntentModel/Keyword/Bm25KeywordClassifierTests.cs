using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Keyword;

namespace ExtProcRouter.Tests.IntentModel.Keyword;

public sealed class Bm25KeywordClassifierTests
{
    private static readonly RouteDescription[] Routes =
    [
        new("code_generation", "Write new code: implement a function, class or script from a description"),
        new("bug_fixing", "Find and fix the bug in existing code that crashes, throws an error or returns wrong results"),
        new("weather", "Weather forecast for a city: temperature, rain and wind"),
    ];

    private readonly Bm25KeywordClassifier _classifier = new();

    private async Task<IntentDecision> Classify(params ChatTurn[] conversation) =>
        await _classifier.ClassifyAsync(conversation, Routes, CancellationToken.None);

    [Fact]
    public async Task Matches_the_route_whose_description_shares_the_words()
    {
        Assert.Equal("code_generation", (await Classify(ChatTurn.User("Implement a Python function that reverses a list"))).Route);
        Assert.Equal("weather", (await Classify(ChatTurn.User("Will there be rain in Berlin tomorrow? What temperature?"))).Route);
    }

    [Fact]
    public async Task A_follow_up_borrows_terms_from_earlier_turns()
    {
        var decision = await Classify(
            ChatTurn.User("My parser crashes with an error on empty input"),
            ChatTurn.Assistant("The loop reads past the end of the buffer."),
            ChatTurn.User("ok, do it"));
        Assert.Equal("bug_fixing", decision.Route);
    }

    [Fact]
    public async Task Unrelated_requests_are_other()
    {
        var decision = await Classify(ChatTurn.User("Tell me a joke about penguins"));
        Assert.Equal(IntentDecision.Other, decision.Route);
        Assert.True(decision.IsOther);
    }

    [Fact]
    public async Task Scores_cover_every_route_in_order_and_confidence_is_a_probability()
    {
        var decision = await Classify(ChatTurn.User("fix the bug that crashes my code"));
        Assert.Equal(Routes.Select(r => r.Name), decision.Scores.Select(s => s.Route));
        Assert.Equal("bug_fixing", decision.Route);
        Assert.Equal(decision.Scores.MaxBy(s => s.Score).Route, decision.Route);
        Assert.InRange(decision.Confidence, 0.34, 1.0);
    }

    [Fact]
    public async Task A_higher_threshold_turns_weak_matches_into_other()
    {
        var strict = new Bm25KeywordClassifier(new KeywordClassifierOptions { OtherThreshold = 100 });
        var decision = await strict.ClassifyAsync([ChatTurn.User("fix the bug that crashes my code")], Routes, CancellationToken.None);
        Assert.Equal(IntentDecision.Other, decision.Route);
    }

    [Fact]
    public async Task Empty_conversation_and_no_routes_do_not_throw()
    {
        Assert.Equal(IntentDecision.Other, (await _classifier.ClassifyAsync([], Routes, CancellationToken.None)).Route);
        Assert.Equal(IntentDecision.Other, (await _classifier.ClassifyAsync([ChatTurn.User("hi")], [], CancellationToken.None)).Route);
    }
}
