using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class RoutingCaseLoaderTests
{
    private const string Valid =
        """{"id":"c1","source":"test","routes":[{"name":"bug_fixing","description":"Fix errors in code"},{"name":"weather","description":"Weather forecasts"}],"messages":[{"role":"system","content":"be nice"},{"role":"user","content":"my code crashes"},{"role":"assistant","content":"show me"},{"role":"user","content":[{"type":"text","text":"fix it"},{"type":"image_url","image_url":{"url":"x"}}]}],"expected":"bug_fixing","category":"follow_up","meta":{"also_acceptable":["other"],"label_hint":"bug_fixing"},"future_field":{"a":1}}""";

    [Fact]
    public void Reads_a_case_and_ignores_unknown_fields()
    {
        var routingCase = Assert.Single(RoutingCaseLoader.ReadLines([Valid], "t.jsonl"));
        Assert.Equal("c1", routingCase.Id);
        Assert.Equal(["bug_fixing", "weather"], routingCase.Routes.Select(r => r.Name));
        Assert.Equal("Fix errors in code", routingCase.Routes[0].Description);
        Assert.Equal(4, routingCase.Messages.Count);
        Assert.Equal(ChatRole.System, routingCase.Messages[0].Role);
        Assert.Equal(new ChatTurn(ChatRole.User, "fix it"), routingCase.Messages[^1]);
        Assert.Equal("bug_fixing", routingCase.Expected);
        Assert.Equal("follow_up", routingCase.Category);
        Assert.Equal(["other"], routingCase.AlsoAcceptable);
        Assert.Equal(1, routingCase.Line);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted()
    {
        var cases = RoutingCaseLoader.ReadLines(["", Valid, "   ", Valid], "t.jsonl").ToList();
        Assert.Equal([2, 4], cases.Select(c => c.Line));
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"routes":[],"messages":[{"role":"user","content":"x"}],"expected":"other"}""", "'routes' must be a non-empty array")]
    [InlineData("""{"routes":[{"name":"a"}],"messages":[],"expected":"other"}""", "'messages' must be a non-empty array")]
    [InlineData("""{"routes":[{"name":"a"}],"messages":[{"content":"x"}],"expected":"a"}""", "'role' must be a string")]
    [InlineData("""{"routes":[{"name":"a"}],"messages":[{"role":"user","content":"x"}]}""", "'expected' must be a string")]
    [InlineData("""{"routes":[{"name":"a"}],"messages":[{"role":"user","content":"x"}],"expected":"b"}""", "expected route 'b' is not one of the offered routes")]
    [InlineData("""{"routes":[{"name":"a"},{"name":"a"}],"messages":[{"role":"user","content":"x"}],"expected":"a"}""", "unique ('a')")]
    public void Malformed_lines_fail_with_file_line_and_reason(string line, string reason)
    {
        var error = Assert.Throws<RoutingDataException>(() => RoutingCaseLoader.ReadLines([Valid, "", line], "data.jsonl").ToList());
        Assert.Equal(3, error.Line);
        Assert.StartsWith("data.jsonl:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_id_and_category_get_defaults()
    {
        var line = """{"routes":[{"name":"a","description":"d"}],"messages":[{"role":"user","content":"x"}],"expected":"other"}""";
        var routingCase = RoutingCaseLoader.Parse(line, "f.jsonl", 7);
        Assert.Equal("f.jsonl:7", routingCase.Id);
        Assert.Equal("uncategorised", routingCase.Category);
        Assert.Empty(routingCase.AlsoAcceptable);
    }

    [Fact]
    public void Missing_file_is_reported_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RoutingCaseLoader.ReadFile("/nonexistent/routing.jsonl"));
        Assert.Contains("/nonexistent/routing.jsonl", error.Message, StringComparison.Ordinal);
    }
}
