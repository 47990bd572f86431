namespace ExtProcRouter.Configuration;

/// <summary>Time to first token per model from a Prometheus instant query (value per <c>model_name</c> label, seconds).</summary>
public sealed record PrometheusSourceConfig(Uri Url, string Query, TimeSpan RefreshInterval)
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);
}
