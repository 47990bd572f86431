using ExtProcRouter.Configuration;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>Time to first token (seconds) per <c>model_name</c> from a Prometheus instant query.</summary>
public sealed class PrometheusLatencySource : HttpMetricSource<double>
{
    private readonly PrometheusSourceConfig _settings;

    public PrometheusLatencySource(PrometheusSourceConfig settings, HttpClient http, IRouterConfigSource config,
        TimeProvider timeProvider, ILogger<PrometheusLatencySource> logger) : base(http, config, timeProvider, logger)
    {
        _settings = settings;
        var baseUrl = settings.Url.AbsoluteUri.TrimEnd('/');
        RequestUri = new Uri($"{baseUrl}/api/v1/query?query={Uri.EscapeDataString(settings.Query)}");
    }

    public override string Name => "prometheus";

    public override TimeSpan RefreshInterval => _settings.RefreshInterval;

    protected override Uri RequestUri { get; }

    protected override Dictionary<string, double> Parse(ReadOnlySpan<byte> body) => PrometheusResponseParser.Parse(body);
}
