namespace ExtProcRouter.Metrics;

public static class MetricsEndpointRouteBuilderExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Serves <see cref="SidecarMetrics"/> in the Prometheus text format at <c>/metrics</c>, on admin connections only.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(MetricsPath, (SidecarMetrics metrics) =>
                Results.Text(metrics.Registry.Expose(), PrometheusTextWriter.ContentType))
            .RequireAdminConnection();
}
