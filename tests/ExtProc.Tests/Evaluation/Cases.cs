using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Tests.Evaluation;

/// <summary>Builders for hand-made routing cases and outcomes.</summary>
internal static class Cases
{
    public static RoutingCase Case(string expected, string category = "general", string[]? alsoAcceptable = null, string text = "hello") =>
        new($"case-{expected}-{category}-{text}", "test",
            [new RouteDescription("a", "route a"), new RouteDescription("b", "route b"), new RouteDescription("c", "route c")],
            [ChatTurn.User(text)], expected, category, alsoAcceptable ?? []);

    public static CaseOutcome Outcome(string expected, string predicted, string category = "general", double millis = 1, string[]? alsoAcceptable = null) =>
        new(Case(expected, category, alsoAcceptable), predicted, 0.5, TimeSpan.FromMilliseconds(millis));
}
