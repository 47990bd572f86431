using ExtProcRouter.Cli;

namespace ExtProcRouter.Tests.Cli;

public sealed class CostSimulationCommandTests : IDisposable
{
    private const string Prices = """
        providers:
          - name: p
            cluster: p
            format: openai
        models:
          - slug: gpt-oss-20b
            provider: p
            input_price_per_million: 0.05
            output_price_per_million: 0.45
          - slug: frontier
            provider: p
            input_price_per_million: 3
            output_price_per_million: 15
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("simulate-cost-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await CostSimulationCommand.Create(output, errors).Parse(args).InvokeAsync();
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task A_decision_log_is_priced_against_the_baseline()
    {
        var prices = WriteFile("router.yaml", Prices);
        var log = WriteFile("decisions.jsonl", """
            {"model":"gpt-oss-20b","input_tokens":94,"output_tokens":80}
            {"model":"frontier","input_tokens":100,"output_tokens":10}
            """);
        var report = Path.Combine(_directory.FullName, "report.md");

        var (exit, output, errors) = await RunAsync("--decisions", log, "--prices", prices, "--baseline", "frontier", "--report", report);

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        // gpt-oss-20b: 0.0000407 routed; on frontier 94*3/1e6 + 80*15/1e6 = 0.001482. frontier: 0.0003 + 0.00015 = 0.00045.
        Assert.Contains("| gpt-oss-20b | 1 | 50.0% | 94 | 80 | 0.000041 | 0.001482 |", output);
        Assert.Contains("| **total** | 2 | 100.0% | 194 | 90 | 0.000491 | 0.001932 |", output);
        Assert.Contains("Routing saves 74.6%", output);
        Assert.Equal(output, File.ReadAllText(report));
    }

    [Fact]
    public async Task Routing_data_is_routed_by_expected_task_with_estimated_tokens()
    {
        var prices = WriteFile("router.yaml", Prices);
        var data = WriteFile("cases.jsonl", """
            {"id":"1","source":"t","routes":[{"name":"chat","description":"small talk"}],"messages":[{"role":"user","content":"12345678"}],"expected":"chat","category":"general"}
            {"id":"2","source":"t","routes":[{"name":"chat","description":"small talk"}],"messages":[{"role":"user","content":"1234"}],"expected":"other","category":"negative"}
            """);

        var (exit, output, _) = await RunAsync("--data", data, "--route", "chat=gpt-oss-20b", "--default-model", "frontier",
            "--output-tokens", "10", "--prices", prices, "--baseline", "frontier");

        Assert.Equal(0, exit);
        Assert.Contains("| gpt-oss-20b | 1 | 50.0% | 2 | 10 |", output);
        Assert.Contains("| frontier | 1 | 50.0% | 1 | 10 |", output);
    }

    [Theory]
    [InlineData("--baseline", "nope")]
    [InlineData("--baseline", "frontier", "--data", "DATA")]
    [InlineData("--baseline", "frontier", "--route", "broken")]
    public async Task Bad_input_is_a_clear_error_with_exit_code_2(params string[] args)
    {
        var prices = WriteFile("router.yaml", Prices);
        var log = WriteFile("decisions.jsonl", """{"model":"gpt-oss-20b","input_tokens":1,"output_tokens":1}""" + "\n");
        var data = WriteFile("cases.jsonl", "");
        string[] full = [.. args.Select(a => a == "DATA" ? data : a), "--prices", prices];
        if (!args.Contains("--data")) full = [.. full, "--decisions", log];
        if (args.Contains("--route")) full = [.. full.Where(a => a != "--decisions" && a != log), "--data", data, "--default-model", "frontier"];

        var (exit, output, errors) = await RunAsync(full);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("simulate-cost: ", errors);
    }
}
