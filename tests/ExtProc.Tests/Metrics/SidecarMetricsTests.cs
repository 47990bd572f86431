using System.Reflection;
using ExtProcRouter.Metrics;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.Metrics;

public class SidecarMetricsTests
{
    private static IEnumerable<string> AllMetricNames() => typeof(MetricNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetRawConstantValue()!);

    [Fact]
    public void Every_named_family_is_exposed_with_help_and_type_and_parses_after_one_event_of_each_kind()
    {
        var metrics = new SidecarMetrics();
        var router = metrics.Router;
        router.RecordDecision("coding", "bug_fixing", "gpt-4.1", fallback: false);
        router.RecordDecision("coding", RouteNames.Fallback, "gpt-4o-mini", fallback: true);
        router.RecordClassificationLatency("coding", TimeSpan.FromMilliseconds(3));
        router.RecordDecisionLatency("coding", TimeSpan.FromMilliseconds(4));
        router.RecordAffinity("coding", AffinityOutcome.Hit);
        router.RecordAffinity("coding", AffinityOutcome.Switch);
        router.RecordCooldown("gpt-4.1", "429");
        router.SetModelsCoolingDown(1);
        router.RecordMetricSourceRefreshFailure("openrouter");
        router.RecordConfigReload(accepted: true);
        router.RecordConfigReload(accepted: false);
        router.RecordConfigReload(accepted: false);
        router.RecordCost("coding", "gpt-4.1", 0.25m);
        router.RecordRequest(200, "completed");
        metrics.ExtProc.StreamOpened();
        metrics.ExtProc.MessageReceived("request_headers");
        metrics.ExtProc.ImmediateResponse(404);
        var genAi = metrics.GenAi;
        genAi.TokenUsage.Observe(94, "chat", "openai", "m", "m", "input");
        genAi.OperationDuration.Observe(1.5, "chat", "openai", "m", "m", "");
        genAi.TimeToFirstToken.Observe(0.2, "chat", "openai", "m", "m");
        genAi.TimePerOutputToken.Observe(0.02, "chat", "openai", "m", "m");

        var parsed = Exposition.Parse(metrics.Registry.Expose());

        Assert.Equal(AllMetricNames().Order(), parsed.Families.Keys.Order());
        foreach (var family in parsed.Families.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(family.Help), family.Name);
            Assert.NotEmpty(family.Samples);
            Assert.Equal(family.Name.EndsWith("_total", StringComparison.Ordinal), family.Type == "counter");
        }
        Assert.Equal(1, parsed.Value(MetricNames.RouterDecisions, ("router", "coding"), ("task", "fallback"), ("fallback", "true")));
        Assert.Equal(1, parsed.Value(MetricNames.Affinity, ("outcome", "switch")));
        Assert.Equal(2, parsed.Value(MetricNames.ConfigReloadsRejected));
        Assert.Equal(0.25, parsed.Value(MetricNames.EstimatedCost, ("router", "coding"), ("model", "gpt-4.1")));
        Assert.Equal(1, parsed.Value(MetricNames.ImmediateResponses, ("status", "404")));
        Assert.Equal(0.003, parsed.Value(MetricNames.ClassificationDuration + "_sum", ("router", "coding")), 9);
    }

    [Fact]
    public void GenAi_names_follow_OpenTelemetry_prometheus_mapping()
    {
        Assert.Equal("gen_ai_client_token_usage", MetricNames.TokenUsage);
        Assert.Equal("gen_ai_client_operation_duration_seconds", MetricNames.OperationDuration);
        Assert.Equal("gen_ai_server_time_to_first_token_seconds", MetricNames.TimeToFirstToken);
        Assert.Equal("gen_ai_server_time_per_output_token_seconds", MetricNames.TimePerOutputToken);
        var usage = new SidecarMetrics().GenAi.TokenUsage;
        Assert.Equal(["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_response_model", "gen_ai_token_type"],
            usage.LabelNames);
    }
}
