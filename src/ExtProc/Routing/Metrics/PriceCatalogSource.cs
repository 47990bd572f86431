using ExtProcRouter.Configuration;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>Prices from an HTTP catalog (DigitalOcean or models.dev shape).</summary>
public sealed class PriceCatalogSource(
    PriceCatalogSourceConfig settings,
    HttpClient http,
    IRouterConfigSource config,
    TimeProvider timeProvider,
    ILogger<PriceCatalogSource> logger) : HttpMetricSource<ModelPrice>(http, config, timeProvider, logger)
{
    public override string Name => "price_catalog";

    public override TimeSpan RefreshInterval => settings.RefreshInterval;

    protected override Uri RequestUri => settings.Url;

    protected override Dictionary<string, ModelPrice> Parse(ReadOnlySpan<byte> body) => PriceCatalogParser.Parse(body, settings.Format);
}
