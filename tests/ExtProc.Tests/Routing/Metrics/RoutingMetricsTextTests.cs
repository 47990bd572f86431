using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;

namespace ExtProcRouter.Tests.Routing.Metrics;

public class RoutingMetricsTextTests
{
    private sealed class FailingSource : IMetricSource
    {
        public string Name => "price_catalog";
        public TimeSpan RefreshInterval => TimeSpan.FromMinutes(1);
        public long FailureCount => 3;
        public Task<bool> RefreshAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }

    [Fact]
    public void Source_failures_refused_reloads_and_cooling_models_are_exposed()
    {
        var monitor = new RouterConfigMonitor(RoutingConfigs.Load(), new RecordingLogger<RouterConfigMonitor>());
        monitor.TryApply("models: [", _ => null, "test");
        var cooldowns = new ModelCooldowns(monitor, new ManualTimeProvider());
        cooldowns.ReportFailure("mid");

        var text = RoutingMetricsText.Render([new FailingSource()], monitor, cooldowns);

        Assert.Contains("extproc_router_metric_source_failures_total{source=\"price_catalog\"} 3\n", text);
        Assert.Contains("extproc_router_config_reload_failures_total 1\n", text);
        Assert.Contains("extproc_router_config_reloads_total 0\n", text);
        Assert.Contains("extproc_router_upstream_failures_total 1\n", text);
        Assert.Contains("extproc_router_model_cooling{model=\"mid\"} 1\n", text);
        Assert.Contains("extproc_router_model_cooling{model=\"cheap\"} 0\n", text);
    }
}
