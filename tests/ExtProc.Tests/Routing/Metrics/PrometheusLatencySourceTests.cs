using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;
using ExtProcRouter.Tests.Routing.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.Tests.Routing.Metrics;

/// <summary>A real local HTTP server plays Prometheus; the fastest policy follows its answers and the sidecar's own TTFT.</summary>
public sealed class PrometheusLatencySourceTests : IAsyncLifetime
{
    private const string Query = "histogram_quantile(0.5, sum by (model_name, le) (rate(ttft_bucket[5m])))";
    private LocalJsonEndpoint _prometheus = null!;
    private readonly HttpClient _http = new();
    private readonly RouterConfig _config = RoutingConfigs.Load();

    public async Task InitializeAsync() => _prometheus = await LocalJsonEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _prometheus.DisposeAsync();
    }

    private PrometheusLatencySource Source() => new(new PrometheusSourceConfig(_prometheus.BaseUrl, Query, TimeSpan.FromSeconds(30)),
        _http, new StaticRouterConfigSource(_config), TimeProvider.System, NullLogger<PrometheusLatencySource>.Instance);

    private static string Vector(params (string Model, string Value)[] series) =>
        """{"status":"success","data":{"resultType":"vector","result":[""" +
        string.Join(",", series.Select(s => $$"""{"metric":{"model_name":"{{s.Model}}","job":"envoy"},"value":[1735689600.123,"{{s.Value}}"]}""")) +
        "]}}";

    [Fact]
    public async Task The_instant_query_is_sent_and_fastest_follows_the_answers()
    {
        var source = Source();
        var measured = new MeasuredTtftTracker(0.5);
        var metrics = new LiveModelMetrics(null, source, measured);
        Assert.True(_config.TryFindRouter("dev", out var router));
        var quick = router.FindPolicy("quick")!; // [big, mid, cheap], prefer fastest

        _prometheus.Answer(Vector(("big", "0.9"), ("mid", "0.2"), ("catalog/big-v2", "NaN"), ("nobody", "0.01")));
        Assert.True(await source.RefreshAsync(CancellationToken.None));
        Assert.Equal("/api/v1/query?query=" + Uri.EscapeDataString(Query), _prometheus.Requests.Last());
        Assert.Equal(["mid", "big", "cheap"], PoolRanker.Rank(quick, metrics).Select(m => m.Slug));

        // cheap has no Prometheus series: the sidecar's own measurement fills in.
        measured.Observe("cheap", TimeSpan.FromMilliseconds(100));
        Assert.Equal(["cheap", "mid", "big"], PoolRanker.Rank(quick, metrics).Select(m => m.Slug));

        _prometheus.Answer(Vector(("big", "0.05"), ("mid", "0.2")));
        await source.RefreshAsync(CancellationToken.None);
        Assert.Equal(["big", "cheap", "mid"], PoolRanker.Rank(quick, metrics).Select(m => m.Slug));
    }

    [Fact]
    public async Task A_failing_prometheus_keeps_the_last_good_values()
    {
        var source = Source();
        _prometheus.Answer(Vector(("mid", "0.3")));
        await source.RefreshAsync(CancellationToken.None);

        _prometheus.Answer("""{"status":"error","errorType":"bad_data","error":"parse error"}""", status: 400);
        Assert.False(await source.RefreshAsync(CancellationToken.None));
        _prometheus.Answer("""{"status":"success","data":{"resultType":"matrix","result":[]}}""");
        Assert.False(await source.RefreshAsync(CancellationToken.None));

        Assert.Equal(2, source.FailureCount);
        Assert.True(source.Current.TryGet("mid", out var seconds));
        Assert.Equal(0.3, seconds);
    }

    [Fact]
    public void Measured_ttft_is_an_exponentially_weighted_average()
    {
        var tracker = new MeasuredTtftTracker(0.5);
        Assert.False(tracker.TryGet("mid", out _));
        tracker.Observe("mid", TimeSpan.FromSeconds(1));
        tracker.Observe("mid", TimeSpan.FromSeconds(3));
        tracker.Observe("mid", TimeSpan.FromSeconds(3));
        Assert.True(tracker.TryGet("mid", out var seconds));
        Assert.Equal(2.5, seconds, 6);
    }
}
