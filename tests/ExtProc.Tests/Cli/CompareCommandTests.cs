using ExtProcRouter.Cli;
using ExtProcRouter.Comparison;
using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.Comparison;
using ExtProcRouter.Tests.EndToEnd;

namespace ExtProcRouter.Tests.Cli;

/// <summary>
/// The compare tool end to end: front door -> real gRPC -> sidecar -> fake Anthropic/Gemini upstreams and a fake judge.
/// router:cheap sends code reviews to the cheap Gemini model and design questions to the Claude model that is also the
/// baseline; both fakes report 12 input and 7 output tokens, so every cost is hand-computable from the prices below.
/// </summary>
public sealed class CompareCommandTests : IAsyncLifetime
{
    private const string ConfigYaml = """
        server: {tcp_host: 127.0.0.1, tcp_port: 0}
        providers:
          - {name: anthropic, cluster: anthropic, format: anthropic, base_path: /v1, api_key_env: TEST_ANTHROPIC_KEY}
          - {name: gemini, cluster: gemini, format: gemini, base_path: /v1beta, api_key_env: TEST_GEMINI_KEY}
          - {name: judge, cluster: judge, format: openai, base_path: /v1}
        models:
          - {slug: claude-test, provider: anthropic, upstream_model: claude-upstream-1, input_price_per_million: 3, output_price_per_million: 15}
          - {slug: gemini-test, provider: gemini, upstream_model: gemini-upstream-1, input_price_per_million: 0.30, output_price_per_million: 2.50}
          - {slug: judge-scoring, provider: judge, upstream_model: judge-scoring-1}
          - {slug: judge-garbage, provider: judge, upstream_model: judge-garbage-1}
        routers:
          - name: cheap
            policies:
              - custom_task: {name: code_review, description: "Review code for syntax issues, style and small improvements."}
                models: [gemini-test]
              - custom_task: {name: architecture_design, description: "Design software systems, plan migrations and weigh architectural trade-offs."}
                models: [claude-test]
            fallback_models: [gemini-test]
        """;

    // 12 in + 7 out: gemini-test 12*0.30/1e6 + 7*2.50/1e6 = 0.0000211; claude-test 12*3/1e6 + 7*15/1e6 = 0.000141.
    private const string GeminiCost = "0.00002110";
    private const string ClaudeCost = "0.00014100";

    private static readonly string Cases = string.Join('\n',
        """{"id":"review","source":"t","routes":[{"name":"x","description":"ignored"}],"messages":[{"role":"user","content":"Are there any syntax issues here? def add(a, b) return a + b"}],"expected":"x","category":"coding"}""",
        """{"id":"design","source":"t","routes":[{"name":"x","description":"ignored"}],"messages":[{"role":"user","content":"Plan the migration of our monolith to microservices and weigh the architectural trade-offs."}],"expected":"x","category":"coding"}""",
        $$"""{"id":"broken","source":"t","routes":[{"name":"x","description":"ignored"}],"messages":[{"role":"user","content":"{{FakeProviders.AnswerMalformed}}"}],"expected":"other","category":"negative"}""");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("compare-");
    private FakeProviders _providers = null!;
    private FakeJudge _judge = null!;
    private RouterStack _stack = null!;

    public async Task InitializeAsync()
    {
        _providers = await FakeProviders.StartAsync();
        _judge = await FakeJudge.StartAsync();
        _stack = await RouterStack.StartAsync(new RouterStackOptions
        {
            ProvidersUrl = _providers.Url,
            ConfigureGateway = gateway => gateway.Clusters["judge"] = new Uri(_judge.Url),
            Config = RouterConfigLoader.Load(ConfigYaml, name => RouterStack.ProviderKeys.GetValueOrDefault(name)),
        });
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _judge.DisposeAsync();
        await _providers.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string[] common = ["--url", _stack.FrontDoor.ToString(), "--router", "cheap", "--baseline", "claude-test", "--concurrency", "2"];
        var exit = await CompareCommand.Create(output, errors, accessKey: () => null).Parse([.. common, .. args]).InvokeAsync();
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Each_case_is_reported_with_the_router_and_the_baseline_side_by_side()
    {
        var data = WriteFile("cases.jsonl", Cases);
        var markdownFile = Path.Combine(_directory.FullName, "report.md");
        var csvFile = Path.Combine(_directory.FullName, "report.csv");

        var (exit, output, _) = await RunAsync("--data", data, "--out-md", markdownFile, "--out-csv", csvFile);

        Assert.Equal(0, exit);
        Assert.Equal(output, File.ReadAllText(markdownFile));
        Assert.Contains("| 1 | review | gemini-test | code_review | ", output);
        Assert.Contains($" | 12 | 7 | {GeminiCost} | 200 | claude-test | ", output);
        Assert.Contains("| 2 | design | claude-test | architecture_design | ", output);
        Assert.Contains("| 3 | broken | gemini-test | fallback | ", output);
        Assert.Contains("| 502: ", output);
        Assert.Contains("| requests | 3 | 3 |", output);
        Assert.Contains("| errors | 1 | 0 |", output);
        Assert.Contains("| input tokens | 24 | 36 |", output);
        Assert.Contains("| output tokens | 14 | 21 |", output);
        // Router: gemini + claude (the failed request has no cost); baseline: claude three times.
        Assert.Contains("| total cost (USD) | 0.00016210 | 0.00042300 |", output);
        // Over the two cases priced on both sides: 1 - 0.0001621 / 0.000282 = 42.52%.
        Assert.Contains("Routing saves 42.5% against sending everything to claude-test (2 cases priced on both sides).", output);
        Assert.DoesNotContain("judge mean", output, StringComparison.Ordinal);

        var records = CsvRecords.Parse(File.ReadAllText(csvFile));
        Assert.Equal(ComparisonCsv.Columns, records[0]);
        Assert.Equal(4, records.Count);
        var rows = records.Skip(1).Select(r => ComparisonCsv.Columns.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(["review", "design", "broken"], rows.Select(r => r["case_id"]));
        Assert.Equal(["gemini-test", "claude-test", "gemini-test"], rows.Select(r => r["router_model"]));
        Assert.Equal([GeminiCost, ClaudeCost, ""], rows.Select(r => r["router_cost_usd"]));
        Assert.Equal([ClaudeCost, ClaudeCost, ClaudeCost], rows.Select(r => r["baseline_cost_usd"]));
        Assert.Equal(["12", "12", ""], rows.Select(r => r["router_input_tokens"]));
        Assert.Equal(["7", "7", "7"], rows.Select(r => r["baseline_output_tokens"]));
        Assert.Equal("502", rows[2]["router_status"]);
        Assert.StartsWith("502: ", rows[2]["router_error"]);
        Assert.Equal("", rows[2]["baseline_error"]);
    }

    [Fact]
    public async Task A_judge_scores_each_successful_pair_twice_with_the_positions_swapped()
    {
        var data = WriteFile("cases.jsonl", Cases);
        var csvFile = Path.Combine(_directory.FullName, "report.csv");

        var (exit, output, _) = await RunAsync("--data", data, "--judge", "judge-scoring", "--out-csv", csvFile);

        Assert.Equal(0, exit);
        // Two judged pairs (the broken one is not judged), each asked twice.
        Assert.Equal(4, _judge.Prompts.Count);
        var reviewPrompts = _judge.Prompts.Where(p => p.Contains(FakeJudge.FavouredMarker, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reviewPrompts.Count);
        Assert.Single(reviewPrompts, p => FakeJudge.IsAnswerA(p, FakeJudge.FavouredMarker));
        var rows = CsvRecords.Parse(File.ReadAllText(csvFile)).Skip(1).ToList();
        var judgeRouter = Array.IndexOf(ComparisonCsv.Columns, "judge_router");
        var judgeBaseline = Array.IndexOf(ComparisonCsv.Columns, "judge_baseline");
        // review: the Gemini answer wins 9 to 5 in both positions; design: two Claude answers, 5 each; broken: not judged.
        Assert.Equal(["9.0", "5.0", ""], rows.Select(r => r[judgeRouter]));
        Assert.Equal(["5.0", "5.0", ""], rows.Select(r => r[judgeBaseline]));
        Assert.Contains("| judge mean (1-10) | 7.0 (2 scored) | 5.0 (2 scored) |", output);
    }

    [Fact]
    public async Task A_judge_reply_without_scores_is_a_missing_score_not_a_failure()
    {
        var data = WriteFile("cases.jsonl", Cases);

        var (exit, output, _) = await RunAsync("--data", data, "--judge", "judge-garbage");

        Assert.Equal(0, exit);
        Assert.Equal(4, _judge.Prompts.Count);
        Assert.Contains("| judge mean (1-10) |  (0 scored) |  (0 scored) |", output);
        Assert.Contains("| total cost (USD) | 0.00016210 | 0.00042300 |", output);
    }

    [Fact]
    public async Task Streamed_answers_are_priced_by_the_routers_final_usage_and_report_time_to_first_token()
    {
        var data = WriteFile("cases.jsonl", Cases);
        var csvFile = Path.Combine(_directory.FullName, "report.csv");

        // No --prices: the sidecar writes usage.cost_usd into each stream's final usage chunk.
        var (exit, _, _) = await RunAsync("--data", data, "--limit", "1", "--stream", "--out-csv", csvFile);

        Assert.Equal(0, exit);
        var row = ComparisonCsv.Columns.Zip(CsvRecords.Parse(File.ReadAllText(csvFile))[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("gemini-test", row["router_model"]);
        Assert.Equal(GeminiCost, row["router_cost_usd"]);
        Assert.Equal(ClaudeCost, row["baseline_cost_usd"]);
        Assert.NotEqual("", row["router_ttft_ms"]);
        Assert.NotEqual("", row["baseline_ttft_ms"]);
    }

    [Fact]
    public async Task An_unreachable_front_door_is_an_error_row_on_both_sides()
    {
        var data = WriteFile("cases.jsonl", Cases);
        var output = new StringWriter();

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var exit = await CompareCommand.Create(output, new StringWriter(), accessKey: () => null)
            .Parse(["--url", "http://127.0.0.1:1", "--router", "cheap", "--baseline", "claude-test", "--data", data, "--limit", "2"]).InvokeAsync();

        Assert.Equal(0, exit);
        Assert.Contains("| errors | 2 | 2 |", output.ToString());
        Assert.Contains("no response: ", output.ToString());
    }

    [Theory]
    [InlineData("--concurrency", "0")]
    [InlineData("--url", "ftp://example.com")]
    [InlineData("--limit", "0")]
    public async Task Bad_options_exit_2_with_a_message(string option, string value)
    {
        var data = WriteFile("cases.jsonl", Cases);
        var errors = new StringWriter();

        var exit = await CompareCommand.Create(new StringWriter(), errors, accessKey: () => null)
            .Parse(["--router", "cheap", "--baseline", "claude-test", "--data", data, option, value]).InvokeAsync();

        Assert.Equal(2, exit);
        Assert.Contains(option, errors.ToString());
    }
}
