using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;
using ExtProcRouter.Translation;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.Metrics;

public class RequestMetricsRecorderTests
{
    private static RequestRecord Routed(string task, bool fallback) => new(
        "router:coding", "gpt-4.1", "openai", task, 200, false, new TokenUsage(10, 20, 4), DateTimeOffset.UnixEpoch, null,
        TimeSpan.FromSeconds(1), RequestOutcome.Completed, Router: "coding", Fallback: fallback,
        Affinity: AffinityOutcome.Miss, DecisionLatency: TimeSpan.FromMilliseconds(5), ClassificationLatency: TimeSpan.FromMilliseconds(2), CostUsd: 0.5m);

    [Fact]
    public void Router_requests_count_as_decisions_with_their_fallback_flag_and_latencies()
    {
        var metrics = new SidecarMetrics();
        var recorder = new RequestMetricsRecorder(metrics);

        recorder.Record(Routed("bug_fixing", fallback: false));
        recorder.Record(Routed("bug_fixing", fallback: false));
        recorder.Record(Routed(RouteNames.Fallback, fallback: true));

        Assert.Equal(2, metrics.Router.DecisionCount("coding", "bug_fixing", "gpt-4.1", fallback: false));
        Assert.Equal(1, metrics.Router.DecisionCount("coding", RouteNames.Fallback, "gpt-4.1", fallback: true));
        Assert.Equal(1.5, metrics.Router.Cost("coding", "gpt-4.1"));
        var text = metrics.Registry.Expose();
        Assert.Contains("extproc_router_classification_duration_seconds_count{router=\"coding\"} 3\n", text);
        Assert.Contains("extproc_router_affinity_total{router=\"coding\",outcome=\"miss\"} 3\n", text);
        Assert.Contains("extproc_router_decision_duration_seconds_count{router=\"coding\"} 3\n", text);
        var scrape = Support.Exposition.Parse(text);
        Assert.Equal(12, scrape.Value(MetricNames.TokenUsage + "_sum", (MetricLabels.TokenType, GenAiValues.Cached)));
    }

    [Fact]
    public void A_request_without_a_session_records_no_affinity()
    {
        var metrics = new SidecarMetrics();
        new RequestMetricsRecorder(metrics).Record(Routed("bug_fixing", fallback: false) with { Affinity = null });

        Assert.DoesNotContain(MetricNames.Affinity + "{", metrics.Registry.Expose());
    }

    [Fact]
    public void A_concrete_model_request_is_not_a_routing_decision()
    {
        var metrics = new SidecarMetrics();
        new RequestMetricsRecorder(metrics).Record(new RequestRecord("gpt-4.1", "gpt-4.1", "openai", null, 200, false, default,
            DateTimeOffset.UnixEpoch, null, TimeSpan.FromSeconds(1), RequestOutcome.Completed));

        Assert.DoesNotContain(MetricNames.RouterDecisions + "{", metrics.Registry.Expose());
    }
}
