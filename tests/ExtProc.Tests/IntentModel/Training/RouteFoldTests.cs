using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class RouteFoldTests
{
    private static RoutingCase Case(string id, string expected, string description, string message = "Fix bugs in f.") =>
        new(id, "t", [new RouteDescription(expected == "other" ? "weather" : expected, description), new RouteDescription("bug_fixing", "fix bugs")],
            [ChatTurn.User(message)], expected, "general", []);

    [Fact]
    public void CasesTeachingTheSameRouteTextShareAFold()
    {
        var cases = Enumerable.Range(0, 40).Select(i => Case($"c{i}", "code_review", "Review a change for bugs and style", $"message {i}")).ToList();

        Assert.Single(cases.Select(RouteFold.Of).Distinct());
    }

    [Fact]
    public void RouteTextsSpreadOverBothFoldsAboutEvenly()
    {
        var folds = Enumerable.Range(0, 400).Select(i => RouteFold.Of(Case("c", "task", $"Task number {i}"))).ToList();

        Assert.All(folds, f => Assert.InRange(f, 0, RouteFold.Count - 1));
        Assert.InRange(folds.Count(f => f == 0), 160, 240);
    }

    [Fact]
    public void AnOtherCaseIsPlacedByItsIdNotByADistractorRoute()
    {
        var folds = Enumerable.Range(0, 200).Select(i => RouteFold.Of(Case($"negative-{i}", "other", "Weather forecast"))).ToList();

        Assert.InRange(folds.Count(f => f == 0), 70, 130);
        Assert.Equal(RouteFold.Of(Case("negative-7", "other", "Weather forecast")), RouteFold.Of(Case("negative-7", "other", "Something else")));
    }
}
