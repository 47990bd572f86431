using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;
using ExtProcRouter.Tests.Routing.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.Tests.Routing.Metrics;

/// <summary>A real local HTTP server plays the catalog; the cheapest policy follows its prices as they change.</summary>
public sealed class PriceCatalogSourceTests : IAsyncLifetime
{
    private LocalJsonEndpoint _catalog = null!;
    private readonly HttpClient _http = new();
    private readonly RouterConfig _config = RoutingConfigs.Load();

    public async Task InitializeAsync() => _catalog = await LocalJsonEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _catalog.DisposeAsync();
    }

    private PriceCatalogSource Source(PriceCatalogFormat format) => new(
        new PriceCatalogSourceConfig(new Uri(_catalog.BaseUrl, "api.json"), format, TimeSpan.FromMinutes(1)),
        _http, new StaticRouterConfigSource(_config), TimeProvider.System, NullLogger<PriceCatalogSource>.Instance);

    private static string ModelsDev(decimal big, decimal mid, decimal cheap) => """
        {"catalog": {"id": "catalog", "models": {
            "big-v2": {"id": "big-v2", "cost": {"input": BIG, "output": BIG, "cache_read": 0.1}},
            "no-cost": {"id": "no-cost"}}},
         "other": {"models": {
            "mid": {"cost": {"input": MID, "output": MID}},
            "vendor-cheap": {"cost": {"input": CHEAP, "output": CHEAP}},
            "unknown-model": {"cost": {"input": 0, "output": 0}}}}}
        """.Replace("BIG", Text(big)).Replace("MID", Text(mid)).Replace("CHEAP", Text(cheap));

    private static string Text(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Models_dev_prices_map_through_model_aliases_and_names_and_drive_cheapest()
    {
        var source = Source(PriceCatalogFormat.ModelsDev);
        var metrics = new LiveModelMetrics(source, null, null);
        Assert.True(_config.TryFindRouter("dev", out var router));
        var design = router.FindPolicy("design")!; // [big, mid, cheap], prefer cheapest

        // Before the first fetch only configured prices count: big has none, so it ranks last.
        Assert.Equal(["cheap", "mid", "big"], PoolRanker.Rank(design, metrics).Select(m => m.Slug));

        _catalog.Answer(ModelsDev(big: 0.05m, mid: 2m, cheap: 1m));
        Assert.True(await source.RefreshAsync(CancellationToken.None));
        Assert.Equal("/api.json", _catalog.Requests.Last());
        Assert.True(source.Current.TryGet("big", out var bigPrice));     // catalog/big-v2 via model_aliases
        Assert.Equal(0.1m, bigPrice.Total);
        Assert.True(source.Current.TryGet("cheap", out _));              // vendor-cheap is cheap's alias
        Assert.Equal(3, source.Current.Count);                          // unknown-model and no-cost are ignored
        Assert.Equal(["big", "cheap", "mid"], PoolRanker.Rank(design, metrics).Select(m => m.Slug));

        _catalog.Answer(ModelsDev(big: 9m, mid: 0.5m, cheap: 1m));
        await source.RefreshAsync(CancellationToken.None);
        Assert.Equal(["mid", "cheap", "big"], PoolRanker.Rank(design, metrics).Select(m => m.Slug));
    }

    [Fact]
    public async Task DigitalOcean_catalog_entries_are_read_by_id_and_pricing()
    {
        var source = Source(PriceCatalogFormat.DigitalOcean);
        _catalog.Answer("""
            {"models": [
              {"id": "mid", "name": "Mid", "pricing": {"input_price_per_million": 0.25, "output_price_per_million": "0.75"}},
              {"uuid": "x", "inference_name": "catalog/big-v2", "pricing": {"input_price_per_million": 1, "output_price_per_million": 2}},
              {"id": "fb1"}
            ]}
            """);
        Assert.True(await source.RefreshAsync(CancellationToken.None));
        Assert.True(source.Current.TryGet("mid", out var mid));
        Assert.Equal(new ModelPrice(0.25m, 0.75m), mid);
        Assert.True(source.Current.TryGet("big", out var big));
        Assert.Equal(3m, big.Total);
        Assert.False(source.Current.TryGet("fb1", out _));
    }

    [Fact]
    public async Task A_failing_catalog_keeps_the_last_good_prices_and_counts_failures()
    {
        var source = Source(PriceCatalogFormat.ModelsDev);
        _catalog.Answer(ModelsDev(big: 1m, mid: 2m, cheap: 3m));
        Assert.True(await source.RefreshAsync(CancellationToken.None));
        var good = source.Current;

        _catalog.Answer("""{"error": "down"}""", status: 503);
        Assert.False(await source.RefreshAsync(CancellationToken.None));
        _catalog.Answer("not json at all");
        Assert.False(await source.RefreshAsync(CancellationToken.None));
        _catalog.Answer("""[1, 2, 3]""");
        Assert.False(await source.RefreshAsync(CancellationToken.None));

        Assert.Equal(3, source.FailureCount);
        Assert.Same(good, source.Current);
        Assert.True(source.Current.TryGet("mid", out var mid));
        Assert.Equal(4m, mid.Total);
    }
}
