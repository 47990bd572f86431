using System.Globalization;
using System.Text;
using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// Routing health in Prometheus text format: failing metric sources, refused config reloads and model cooldowns,
/// so that a source or an edit that silently keeps old values shows up on a dashboard.
/// </summary>
public static class RoutingMetricsText
{
    public static string Render(IEnumerable<IMetricSource> sources, RouterConfigMonitor monitor, ModelCooldowns cooldowns)
    {
        var text = new StringBuilder();
        text.Append("# HELP extproc_router_metric_source_failures_total Refreshes of a live metric source that failed (last good values kept).\n");
        text.Append("# TYPE extproc_router_metric_source_failures_total counter\n");
        foreach (var source in sources)
            text.Append(CultureInfo.InvariantCulture, $"extproc_router_metric_source_failures_total{{source=\"{source.Name}\"}} {source.FailureCount}\n");
        text.Append("# HELP extproc_router_config_reloads_total Configuration swaps since start.\n");
        text.Append("# TYPE extproc_router_config_reloads_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"extproc_router_config_reloads_total {monitor.Reloads}\n");
        text.Append("# HELP extproc_router_config_reload_failures_total Refused configuration candidates (the running one stayed).\n");
        text.Append("# TYPE extproc_router_config_reload_failures_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"extproc_router_config_reload_failures_total {monitor.FailedReloads}\n");
        text.Append("# HELP extproc_router_upstream_failures_total Upstream 429/5xx/connect failures that cooled a model down.\n");
        text.Append("# TYPE extproc_router_upstream_failures_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"extproc_router_upstream_failures_total {cooldowns.FailuresReported}\n");
        text.Append("# HELP extproc_router_model_cooling Whether a configured model is in a cooldown now.\n");
        text.Append("# TYPE extproc_router_model_cooling gauge\n");
        foreach (var model in monitor.Current.Models)
            text.Append(CultureInfo.InvariantCulture, $"extproc_router_model_cooling{{model=\"{model.Slug}\"}} {(cooldowns.IsAvailable(model.Slug) ? 0 : 1)}\n");
        return text.ToString();
    }
}
