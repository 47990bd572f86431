using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Remote;

namespace ExtProcRouter.Tests.IntentModel.Remote;

public sealed class RemoteRouteAnswerParserTests
{
    private static readonly RouteDescription[] Offered =
    [
        new("code_generation", "Writing new code."),
        new("bug_fixing", "Fixing errors in code."),
    ];

    [Theory]
    [InlineData("""{"route": "bug_fixing"}""", "bug_fixing")]
    [InlineData("```json\n{\"route\": \"bug_fixing\"}\n```", "bug_fixing")]
    [InlineData("Sure. The best route is {'route': 'code_generation'} because the user wants new code.", "code_generation")]
    [InlineData("""{"route": ["code_generation", "bug_fixing"]}""", "code_generation,bug_fixing")]
    [InlineData("""{{"route": ["bug_fixing"]}}""", "bug_fixing")]
    [InlineData("""{"route": ["unknown_route", "bug_fixing"]}""", "bug_fixing")]
    [InlineData("""{"route": ["bug_fixing", "bug_fixing"]}""", "bug_fixing")]
    [InlineData("""{"route": "BUG_FIXING"}""", "bug_fixing")]
    [InlineData("""{"Route": " bug_fixing "}""", "bug_fixing")]
    [InlineData("""{"reason": "the code {has} braces", "route": "bug_fixing",}""", "bug_fixing")]
    [InlineData("bug_fixing", "bug_fixing")]
    [InlineData("`code_generation`", "code_generation")]
    public void ReadsTheOfferedRoutes(string answer, string expected)
    {
        Assert.True(RemoteRouteAnswerParser.TryParse(answer, Offered, out var routes));
        Assert.Equal(expected.Split(','), routes);
    }

    [Theory]
    [InlineData("""{"route": "other"}""")]
    [InlineData("""{"route": "Other"}""")]
    [InlineData("""{"route": []}""")]
    [InlineData("""{"route": null}""")]
    [InlineData("""{"route": ""}""")]
    [InlineData("""{"route": "unknown_route"}""")]
    [InlineData("other")]
    public void NoMatchAnswersParseToNoRoutes(string answer)
    {
        Assert.True(RemoteRouteAnswerParser.TryParse(answer, Offered, out var routes));
        Assert.Empty(routes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("I am not sure which one fits.")]
    [InlineData("""{"answer": "bug_fixing"}""")]
    [InlineData("""{"route": 3}""")]
    [InlineData("""{"route": "bug_fixing" """)]
    public void UnreadableAnswersAreRejected(string? answer)
    {
        Assert.False(RemoteRouteAnswerParser.TryParse(answer, Offered, out var routes));
        Assert.Empty(routes);
    }

    [Fact]
    public void FloodOfBracesIsRejectedWithoutQuadraticWork()
    {
        var flood = new string('{', 1_000_000) + """{"route": "bug_fixing"}""";

        Assert.False(RemoteRouteAnswerParser.TryParse(flood, Offered, out _));
    }
}
