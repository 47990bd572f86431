using System.Reflection;
using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Metrics;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.Metrics;

public class SidecarMetricsTests
{
    private static IEnumerable<string> AllMetricNames() => typeof(MetricNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetRawConstantValue()!);

    private sealed class FailingSource : IMetricSource
    {
        public string Name => "openrouter";
        public TimeSpan RefreshInterval => TimeSpan.FromMinutes(1);
        public long FailureCount => 3;
        public Task<bool> RefreshAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }

    /// <summary>
    /// Routing state with one failing source, two refused reloads, "mid" cooled down twice (429, 503) and an onnx
    /// classifier whose conversation cache holds one window, found once and missed twice.
    /// </summary>
    private static RoutingHealth TroubledRouting()
    {
        var monitor = new RouterConfigMonitor(RoutingConfigs.Load(), new RecordingLogger<RouterConfigMonitor>());
        monitor.TryApply("models: [", _ => null, "test");
        monitor.TryApply("models: {", _ => null, "test");
        var cooldowns = new ModelCooldowns(monitor, new ManualTimeProvider());
        cooldowns.ReportFailure("mid", "429");
        cooldowns.ReportFailure("mid", "503");
        var cache = new TokenWindowEmbeddingCache(capacity: 8);
        var window = new TokenWindowKey([5, 6, 7]);
        var embedding = new float[3];
        cache.TryCopyTo(window, embedding);
        cache.Add(window, embedding);
        cache.TryCopyTo(window, embedding);
        cache.TryCopyTo(new TokenWindowKey([8]), embedding);
        var caches = new ConversationCacheRegistry();
        caches.Add("onnx", cache);
        return new RoutingHealth([new FailingSource()], monitor, cooldowns, caches);
    }

    [Fact]
    public void Every_named_family_is_exposed_with_help_and_type_and_parses_after_one_event_of_each_kind()
    {
        var metrics = new SidecarMetrics(TroubledRouting());
        var router = metrics.Router;
        router.RecordDecision("coding", "bug_fixing", "gpt-4.1", fallback: false);
        router.RecordDecision("coding", RouteNames.Fallback, "gpt-4o-mini", fallback: true);
        router.RecordClassificationLatency("coding", TimeSpan.FromMilliseconds(3));
        router.RecordDecisionLatency("coding", TimeSpan.FromMilliseconds(4));
        router.RecordAffinity("coding", AffinityOutcome.Hit);
        router.RecordAffinity("coding", AffinityOutcome.Switch);
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
        Assert.Equal(0, parsed.Value(MetricNames.ConfigReloads));
        Assert.Equal(3, parsed.Value(MetricNames.MetricSourceRefreshFailures, ("source", "openrouter")));
        Assert.Equal(1, parsed.Value(MetricNames.Cooldowns, ("model", "mid"), ("reason", "503")));
        Assert.Equal(1, parsed.Value(MetricNames.ModelsCoolingDown));
        Assert.Equal(1, parsed.Value(MetricNames.ConversationCacheLookups, ("classifier", "onnx"), ("result", "hit")));
        Assert.Equal(2, parsed.Value(MetricNames.ConversationCacheLookups, ("classifier", "onnx"), ("result", "miss")));
        Assert.Equal(1, parsed.Value(MetricNames.ConversationCacheEntries, ("classifier", "onnx")));
        Assert.Equal(0.25, parsed.Value(MetricNames.EstimatedCost, ("router", "coding"), ("model", "gpt-4.1")));
        Assert.Equal(1, parsed.Value(MetricNames.ImmediateResponses, ("status", "404")));
        Assert.Equal(0.003, parsed.Value(MetricNames.ClassificationDuration + "_sum", ("router", "coding")), 9);
    }

    [Fact]
    public void Without_routing_the_observed_router_families_still_parse_as_zero()
    {
        var parsed = Exposition.Parse(new SidecarMetrics().Registry.Expose());

        Assert.Equal(0, parsed.Value(MetricNames.ConfigReloadsRejected));
        Assert.Equal(0, parsed.Value(MetricNames.ModelsCoolingDown));
        Assert.Empty(parsed.Families[MetricNames.Cooldowns].Samples);
        Assert.Empty(parsed.Families[MetricNames.ConversationCacheLookups].Samples);
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
