using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eval-command-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Routes = """[{"name":"weather","description":"Weather forecast for a city: temperature, rain, wind"},{"name":"bug_fixing","description":"Find and fix the bug in code that crashes or returns wrong results"}]""";

    private string WriteData(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Line(string text, string expected) =>
        $$"""{"routes":{{Routes}},"messages":[{"role":"user","content":"{{text}}"}],"expected":"{{expected}}","category":"general"}""";

    [Fact]
    public async Task Evaluates_files_and_writes_the_markdown_report()
    {
        var data = WriteData("tiny.jsonl",
            Line("what is the weather forecast in Paris, rain or wind?", "weather"),
            Line("my code crashes, please fix the bug", "bug_fixing"),
            Line("tell me a joke about cats", "other"));
        var report = Path.Combine(_folder, "report.md");

        var exitCode = await EvalCommand.Create().Parse(["--data", data, "--report", report]).InvokeAsync();

        Assert.Equal(0, exitCode);
        var text = await File.ReadAllTextAsync(report);
        Assert.Contains("| keyword | tiny.jsonl | 3 | 100.0% |", text, StringComparison.Ordinal);
        Assert.Contains("## keyword on tiny.jsonl", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_one_prediction_line_per_case()
    {
        var data = WriteData("tiny.jsonl",
            Line("what is the weather forecast in Paris, rain or wind?", "weather"),
            Line("tell me a joke about cats", "bug_fixing"));
        var predictions = Path.Combine(_folder, "predictions.jsonl");

        var exitCode = await EvalCommand.Create().Parse(["--data", data, "--predictions", predictions]).InvokeAsync();

        Assert.Equal(0, exitCode);
        var lines = (await File.ReadAllLinesAsync(predictions)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("tiny.jsonl", lines[0].GetProperty("data").GetString());
        Assert.Equal("weather", lines[0].GetProperty("predicted").GetString());
        Assert.True(lines[0].GetProperty("strict").GetBoolean());
        Assert.Equal("bug_fixing", lines[1].GetProperty("expected").GetString());
        Assert.Equal("other", lines[1].GetProperty("predicted").GetString());
        Assert.False(lines[1].GetProperty("strict").GetBoolean());
        var scores = lines[0].GetProperty("scores");
        Assert.True(scores.GetProperty("weather").GetDouble() > scores.GetProperty("bug_fixing").GetDouble());
    }

    [Fact]
    public async Task A_malformed_file_fails_with_exit_code_two()
    {
        var data = WriteData("bad.jsonl", Line("weather in Paris", "weather"), "{broken");
        var exitCode = await EvalCommand.Create().Parse(["--data", data]).InvokeAsync();
        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Unknown_classifier_names_are_rejected()
    {
        var data = WriteData("tiny.jsonl", Line("weather in Paris", "weather"));
        var parse = EvalCommand.Create().Parse(["--data", data, "--classifier", "nope"]);
        Assert.NotEmpty(parse.Errors);
        Assert.NotEqual(0, await parse.InvokeAsync());
    }

    [Fact]
    public void Folders_expand_to_their_jsonl_files_in_name_order()
    {
        WriteData("b.jsonl", Line("x", "other"));
        WriteData("a.jsonl", Line("x", "other"));
        WriteData("notes.txt", "ignored");
        Assert.Equal(["a.jsonl", "b.jsonl"], EvalCommand.ExpandDataPaths([_folder]).Select(f => f.Name));
    }
}
