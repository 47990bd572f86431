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

    private const string RouterPrices = """
        providers:
          - {name: p, cluster: p, format: openai}
        models:
          - {slug: cheap, provider: p, input_price_per_million: 0.2, output_price_per_million: 0.4}
          - {slug: mid, provider: p, input_price_per_million: 1, output_price_per_million: 2}
          - {slug: frontier, provider: p, input_price_per_million: 3, output_price_per_million: 15}
        routers:
          - name: coding
            policies:
              - custom_task: {name: code_review, description: "Review code for syntax issues, style and small improvements."}
                models: [frontier, cheap]
                selection_policy: {prefer: cheapest}
              - custom_task: {name: architecture_design, description: "Design software systems, plan migrations and weigh architectural trade-offs."}
                models: [frontier]
            fallback_models: [mid]
        """;

    // The cases' own routes and labels are deliberately unrelated: with --router only the router's tasks count.
    // Input tokens are ceil(characters / 4): 60 -> 15, 91 -> 23, 30 -> 8.
    private const string ClassifiedCases = """
        {"id":"1","source":"t","routes":[{"name":"chat","description":"small talk"}],"messages":[{"role":"user","content":"Are there any syntax issues here? def add(a, b) return a + b"}],"expected":"chat","category":"general"}
        {"id":"2","source":"t","routes":[{"name":"chat","description":"small talk"}],"messages":[{"role":"user","content":"Plan the migration of our monolith to microservices and weigh the architectural trade-offs."}],"expected":"chat","category":"general"}
        {"id":"3","source":"t","routes":[{"name":"chat","description":"small talk"}],"messages":[{"role":"user","content":"How long should I boil an egg?"}],"expected":"chat","category":"general"}
        """;

    [Fact]
    public async Task With_a_router_the_classifier_picks_among_its_tasks_and_the_router_picks_the_model()
    {
        var prices = WriteFile("router.yaml", RouterPrices);
        var data = WriteFile("cases.jsonl", ClassifiedCases);

        var (exit, output, errors) = await RunAsync("--data", data, "--router", "coding", "--classifier", "keyword",
            "--output-tokens", "1000", "--prices", prices, "--baseline", "frontier");

        Assert.Equal(0, exit);
        Assert.Contains("keyword classified 3 cases", errors);
        // review -> code_review -> cheapest of [frontier, cheap]: 15*0.2 + 1000*0.4 = 403e-6; on frontier 15*3 + 1000*15 = 15045e-6.
        Assert.Contains("| cheap | 1 | 33.3% | 15 | 1000 | 0.000403 | 0.015045 |", output);
        // design -> architecture_design -> frontier: 23*3 + 1000*15 = 15069e-6.
        Assert.Contains("| frontier | 1 | 33.3% | 23 | 1000 | 0.015069 | 0.015069 |", output);
        // the egg -> other -> fallback mid: 8*1 + 1000*2 = 2008e-6; on frontier 8*3 + 15000 = 15024e-6.
        Assert.Contains("| mid | 1 | 33.3% | 8 | 1000 | 0.002008 | 0.015024 |", output);
        // 1 - 17480 / 45138
        Assert.Contains("| **total** | 3 | 100.0% | 46 | 3000 | 0.017480 | 0.045138 |", output);
        Assert.Contains("Routing saves 61.3%", output);
        Assert.Contains("Decisions by task: architecture_design 1 (33.3%), code_review 1 (33.3%), other 1 (33.3%).", output);
    }

    [Fact]
    public async Task With_a_classifier_alone_its_decision_on_the_cases_own_routes_is_mapped_through_route()
    {
        var prices = WriteFile("router.yaml", RouterPrices);
        // Labelled architecture_design, but the keyword classifier reads a code review: the decision, not the label, is priced.
        var data = WriteFile("cases.jsonl", """
            {"id":"1","source":"t","routes":[{"name":"code_review","description":"Review code for syntax issues, style and small improvements."},{"name":"architecture_design","description":"Design software systems, plan migrations and weigh architectural trade-offs."}],"messages":[{"role":"user","content":"Are there any syntax issues here? def add(a, b) return a + b"}],"expected":"architecture_design","category":"coding"}
            """);

        var (exit, output, _) = await RunAsync("--data", data, "--classifier", "keyword", "--route", "code_review=cheap",
            "--route", "architecture_design=frontier", "--default-model", "mid", "--output-tokens", "1000", "--prices", prices, "--baseline", "frontier");

        Assert.Equal(0, exit);
        Assert.Contains("| cheap | 1 | 100.0% | 15 | 1000 |", output);
        Assert.DoesNotContain("| frontier | 1 |", output);
    }

    [Theory]
    [InlineData("--router", "nope")]
    [InlineData("--router", "coding", "--route", "code_review=cheap")]
    [InlineData("--router", "coding", "--default-model", "mid")]
    public async Task Router_options_that_do_not_fit_exit_2(params string[] args)
    {
        var prices = WriteFile("router.yaml", RouterPrices);
        var data = WriteFile("cases.jsonl", ClassifiedCases);

        var (exit, output, errors) = await RunAsync([.. args, "--data", data, "--prices", prices, "--baseline", "frontier"]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("simulate-cost: ", errors);
    }

    [Fact]
    public async Task A_decision_log_cannot_be_routed_again()
    {
        var prices = WriteFile("router.yaml", RouterPrices);
        var log = WriteFile("decisions.jsonl", """{"model":"cheap","input_tokens":1,"output_tokens":1}""" + "\n");

        var (exit, _, errors) = await RunAsync("--decisions", log, "--classifier", "keyword", "--prices", prices, "--baseline", "frontier");

        Assert.Equal(2, exit);
        Assert.Contains("--classifier", errors);
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
