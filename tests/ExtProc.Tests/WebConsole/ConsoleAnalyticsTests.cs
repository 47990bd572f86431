using ExtProcRouter.Processing;
using ExtProcRouter.WebConsole;
using static ExtProcRouter.Tests.WebConsole.ScriptedRecords;

namespace ExtProcRouter.Tests.WebConsole;

public sealed class ConsoleAnalyticsTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Counts_matches_fallbacks_and_cost_into_the_bucket_each_request_started_in()
    {
        RequestRecord[] records =
        [
            Routed(Now.AddMinutes(-59), "sim-small", "code_review", cost: 0.001m, ttftMs: 100),
            Routed(Now.AddMinutes(-58), "sim-frontier", "architecture_design", cost: 0.010m, ttftMs: 300),
            Routed(Now.AddMinutes(-1), "sim-echo", "fallback", cost: 0m, ttftMs: 50),
            Direct(Now.AddMinutes(-1), "sim-small"),
        ];

        var report = ConsoleAnalytics.Aggregate(records, Now, Hour, ringCapacity: 10, bucketCount: 6);

        Assert.Equal(600, report.BucketSeconds);
        Assert.Equal(3600, report.WindowSeconds);
        Assert.Equal(6, report.Buckets.Count);
        Assert.Equal(Now - Hour, report.Buckets[0].Start);
        Assert.Equal(Now.AddMinutes(-10), report.Buckets[5].Start);

        var first = report.Buckets[0];
        Assert.Equal((2, 2, 2, 0), (first.Requests, first.RouterRequests, first.TaskMatched, first.Fallbacks));
        Assert.Equal(0.011m, first.CostUsd);
        Assert.Equal(200, first.TtftMsAverage);
        var last = report.Buckets[5];
        Assert.Equal((2, 1, 0, 1), (last.Requests, last.RouterRequests, last.TaskMatched, last.Fallbacks));
        Assert.Equal(1, last.Models["sim-echo"]);
        Assert.Equal(1, last.Models["sim-small"]);
        Assert.All(report.Buckets.Skip(1).Take(4), b => Assert.Equal(0, b.Requests));

        var totals = report.Totals;
        Assert.Equal(4, totals.Requests);
        Assert.Equal(3, totals.RouterRequests);
        Assert.Equal(2.0 / 3, totals.TaskMatchRate!.Value, 9);
        Assert.Equal(1.0 / 3, totals.FallbackRate!.Value, 9);
        Assert.Equal(0.011m, totals.CostUsd);
        Assert.Equal(100, totals.TtftMsP50);   // nearest rank of 50, 100, 300
        Assert.Equal(300, totals.TtftMsP95);
    }

    [Fact]
    public void Shares_are_per_served_model_largest_first()
    {
        RequestRecord[] records =
        [
            Routed(Now.AddMinutes(-5), "sim-small", "code_review", cost: 0.002m),
            Routed(Now.AddMinutes(-4), "sim-small", "code_review", cost: 0.003m),
            Routed(Now.AddMinutes(-3), "sim-small", "code_review"),
            Routed(Now.AddMinutes(-2), "sim-frontier", "architecture_design", cost: 0.05m),
        ];

        var models = ConsoleAnalytics.Aggregate(records, Now, Hour, ringCapacity: 10).Models;

        Assert.Equal(["sim-small", "sim-frontier"], models.Select(m => m.Model));
        Assert.Equal(0.75, models[0].Share, 9);
        Assert.Equal(3, models[0].Requests);
        Assert.Equal(0.005m, models[0].CostUsd);
        Assert.Equal(0.25, models[1].Share, 9);
    }

    [Fact]
    public void Leaves_out_requests_outside_the_window_and_counts_one_at_the_window_end()
    {
        RequestRecord[] records =
        [
            Routed(Now - Hour - TimeSpan.FromSeconds(1), "old", "code_review"),
            Routed(Now, "edge", "code_review"),
            Routed(Now.AddSeconds(1), "future", "code_review"),
        ];

        var report = ConsoleAnalytics.Aggregate(records, Now, Hour, ringCapacity: 10, bucketCount: 4);

        Assert.Equal(1, report.Totals.Requests);
        Assert.Equal(1, report.Buckets[^1].Requests);
        Assert.Equal("edge", Assert.Single(report.Models).Model);
    }

    [Fact]
    public void Errors_count_failed_statuses_and_streams_that_ended_early_and_rates_are_null_without_router_traffic()
    {
        RequestRecord[] records =
        [
            Direct(Now.AddMinutes(-3), "sim-small", status: 404),
            Direct(Now.AddMinutes(-2), "sim-small", outcome: RequestOutcome.Incomplete),
            Direct(Now.AddMinutes(-1), "sim-small"),
        ];

        var totals = ConsoleAnalytics.Aggregate(records, Now, Hour, ringCapacity: 10).Totals;

        Assert.Equal(3, totals.Requests);
        Assert.Equal(2, totals.Errors);
        Assert.Null(totals.TaskMatchRate);
        Assert.Null(totals.FallbackRate);
        Assert.Null(totals.TtftMsP50);
    }

    [Fact]
    public void Averages_the_decision_latency_of_the_requests_that_had_one()
    {
        RequestRecord[] records =
        [
            Routed(Now.AddMinutes(-3), "sim-small", "code_review", decisionMs: 2),
            Routed(Now.AddMinutes(-2), "sim-small", "code_review", decisionMs: 4),
            Direct(Now.AddMinutes(-1), "sim-small"),
        ];

        Assert.Equal(3, ConsoleAnalytics.Aggregate(records, Now, Hour, ringCapacity: 10).Totals.DecisionMsAverage);
    }
}
