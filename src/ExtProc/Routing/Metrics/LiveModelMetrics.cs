using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// Combines the sources: price from the live catalog, else the model's configured price; latency from
/// Prometheus, else the sidecar's own measurement (only when <c>measured_ttft</c> is configured).
/// </summary>
public sealed class LiveModelMetrics(
    PriceCatalogSource? priceCatalog,
    PrometheusLatencySource? prometheus,
    MeasuredTtftTracker? measuredTtft) : IModelMetrics
{
    public bool TryGetPrice(ModelConfig model, out decimal totalPerMillion)
    {
        if (priceCatalog is not null && priceCatalog.Current.TryGet(model.Slug, out var price))
        {
            totalPerMillion = price.Total;
            return true;
        }
        if (model is { InputPricePerMillionTokens: { } input, OutputPricePerMillionTokens: { } output })
        {
            totalPerMillion = input + output;
            return true;
        }
        totalPerMillion = 0;
        return false;
    }

    public bool TryGetLatency(ModelConfig model, out double seconds)
    {
        if (prometheus is not null && prometheus.Current.TryGet(model.Slug, out seconds)) return true;
        if (measuredTtft is not null && measuredTtft.TryGet(model.Slug, out seconds)) return true;
        seconds = 0;
        return false;
    }
}
