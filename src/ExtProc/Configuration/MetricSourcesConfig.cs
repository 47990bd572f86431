namespace ExtProcRouter.Configuration;

/// <summary>Where live cost and latency come from; each null entry is a source that is not configured.</summary>
public sealed record MetricSourcesConfig(
    PriceCatalogSourceConfig? PriceCatalog,
    PrometheusSourceConfig? Prometheus,
    MeasuredTtftConfig? MeasuredTtft)
{
    public static readonly MetricSourcesConfig None = new(null, null, null);

    public bool HasLatencySource => Prometheus is not null || MeasuredTtft is not null;
}
