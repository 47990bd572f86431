using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class DevSplitTests
{
    private static RoutingCase Case(string id) =>
        new(id, "t", [new RouteDescription("bug_fixing", "fix bugs")], [ChatTurn.User("Fix bugs in f.")], "bug_fixing", "coding", []);

    private static readonly string[] Languages = ["Python", "JavaScript", "Java", "Go", "CPP", "Rust"];

    private static readonly List<RoutingCase> HumanEvalPack =
        [.. from problem in Enumerable.Range(0, 164) from language in Languages from form in new[] { "synthesize", "fix", "explain" }
            select Case($"hepack-{language}_{problem}-{form}")];

    [Fact]
    public void EveryLanguageAndFormOfAProblemStaysOnOneSide()
    {
        foreach (var problem in HumanEvalPack.GroupBy(c => DevSplit.GroupOf(DevSplit.HumanEvalPackFile, c)))
        {
            Assert.Equal(18, problem.Count());
            Assert.Single(problem.Select(c => DevSplit.IsTrainPart(DevSplit.HumanEvalPackFile, c)).Distinct());
        }
        Assert.Equal("12", DevSplit.GroupOf(DevSplit.HumanEvalPackFile, Case("hepack-Python_12-fix")));
    }

    [Fact]
    public void TheHalvesAreDisjointCoverTheFileAndAreAboutEqual()
    {
        var train = HumanEvalPack.Where(c => !DevSplit.MayReportOn(DevSplit.HumanEvalPackFile, c)).ToList();
        var heldOut = HumanEvalPack.Where(c => DevSplit.MayReportOn(DevSplit.HumanEvalPackFile, c)).ToList();

        Assert.Empty(train.Intersect(heldOut));
        Assert.Equal(HumanEvalPack.Count, train.Count + heldOut.Count);
        Assert.InRange(train.Count / (double)HumanEvalPack.Count, 0.4, 0.6);
    }

    [Fact]
    public void IssuesAreSplitOneByOne()
    {
        var issues = Enumerable.Range(0, 1500).Select(i => Case($"nlbse24-test{i}")).ToList();

        var train = issues.Count(c => !DevSplit.MayReportOn(DevSplit.NlbseFile, c));

        Assert.InRange(train, 600, 900);
    }

    [Fact]
    public void OtherFilesAreNeverTrainedOn()
    {
        var cases = Enumerable.Range(0, 50).Select(i => Case($"clinc-{i}")).ToList();

        Assert.All(cases, c => Assert.True(DevSplit.MayReportOn("clinc150_dev.jsonl", c)));
    }

    [Fact]
    public void AnIdWithoutAProblemNumberIsAClearDataError()
    {
        var error = Assert.Throws<RoutingDataException>(() => DevSplit.IsTrainPart(DevSplit.HumanEvalPackFile, Case("hepack-odd")));

        Assert.Contains("hepack-LANGUAGE_PROBLEM-FORM", error.Message);
    }
}
