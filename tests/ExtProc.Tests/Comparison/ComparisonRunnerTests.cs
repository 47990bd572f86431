using ExtProcRouter.Comparison;
using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Tests.Comparison;

public sealed class ComparisonRunnerTests
{
    private static List<RoutingCase> Cases(int count) => Enumerable.Range(1, count)
        .Select(i => new RoutingCase($"case-{i}", "t", [new RouteDescription("x", "y")], [ChatTurn.User($"question {i}")], "x", "general", []))
        .ToList();

    [Fact]
    public async Task Each_case_is_sent_as_router_name_and_as_the_baseline_with_the_access_key()
    {
        var frontDoor = new StubFrontDoor();
        using var http = new HttpClient(frontDoor) { BaseAddress = new Uri("http://front.door/") };
        var runner = new ComparisonRunner(new FrontDoorClient(http, "sk-compare-secret"), new ComparisonSettings("coding", "frontier"));

        var report = await runner.RunAsync(Cases(2));

        Assert.Equal(4, frontDoor.Requests.Count);
        Assert.All(frontDoor.Requests, r => Assert.Equal("Bearer sk-compare-secret", r.Authorization));
        Assert.Equal(2, frontDoor.Requests.Count(r => r.Body.Contains("\"model\":\"router:coding\"", StringComparison.Ordinal)));
        Assert.Equal(2, frontDoor.Requests.Count(r => r.Body.Contains("\"model\":\"frontier\"", StringComparison.Ordinal)));
        Assert.Equal(["case-1", "case-2"], report.Rows.Select(r => r.CaseId));
        Assert.Equal(0.00001m, report.Rows[0].Router.CostUsd);
        Assert.DoesNotContain("sk-compare-secret", ComparisonMarkdown.Render(report));
        Assert.DoesNotContain("sk-compare-secret", ComparisonCsv.Render(report));
    }

    [Fact]
    public async Task Cancelling_mid_run_returns_the_finished_cases_as_a_partial_report()
    {
        using var http = new HttpClient(new StubFrontDoor()) { BaseAddress = new Uri("http://front.door/") };
        var runner = new ComparisonRunner(new FrontDoorClient(http), new ComparisonSettings("coding", "frontier", Concurrency: 1));
        using var cancellation = new CancellationTokenSource();
        // Ctrl-C after the first finished case.
        var progress = new CallbackProgress(finished => { if (finished == 1) cancellation.Cancel(); });

        var report = await runner.RunAsync(Cases(5), progress, cancellation.Token);

        Assert.True(report.Interrupted);
        Assert.Equal(5, report.Planned);
        Assert.Equal(["case-1"], report.Rows.Select(r => r.CaseId));
        Assert.Contains("**Interrupted**: 1 of 5 cases finished", ComparisonMarkdown.Render(report));
    }

    [Fact]
    public async Task An_error_body_becomes_the_rows_error_with_its_status_and_message()
    {
        var frontDoor = new StubFrontDoor(body => body.Contains("router:", StringComparison.Ordinal)
            ? new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("""{"error":{"message":"Router 'coding' has no available model","type":"server_error","code":"no_model_available","param":null}}"""),
            }
            : StubFrontDoor.Answer("frontier"));
        using var http = new HttpClient(frontDoor) { BaseAddress = new Uri("http://front.door/") };
        var runner = new ComparisonRunner(new FrontDoorClient(http), new ComparisonSettings("coding", "frontier"));

        var report = await runner.RunAsync(Cases(1));

        var row = Assert.Single(report.Rows);
        Assert.Equal(503, row.Router.Status);
        Assert.Equal("503: Router 'coding' has no available model", row.Router.Error);
        Assert.True(row.Baseline.Succeeded);
        Assert.Equal(1, report.Totals.Router.Errors);
    }

    private sealed class CallbackProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
