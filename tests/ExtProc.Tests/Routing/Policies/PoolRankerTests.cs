using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Policies;
using ExtProcRouter.Tests.Routing.Support;

namespace ExtProcRouter.Tests.Routing.Policies;

public class PoolRankerTests
{
    private readonly RouterDefinition _router;
    private readonly FixedMetrics _metrics = new();

    public PoolRankerTests()
    {
        RoutingConfigs.Load().TryFindRouter("dev", out var router);
        _router = router;
    }

    private RouterPolicy Policy(string task) => _router.FindPolicy(task)!;

    private string[] Ranked(string task) => PoolRanker.Rank(Policy(task), _metrics).Select(m => m.Slug).ToArray();

    private string? Picked(string task) => PoolRanker.PickAvailable(Policy(task), _metrics, _metrics)?.Slug;

    [Fact]
    public void Manual_ranking_is_the_list_order_whatever_the_metrics_say()
    {
        _metrics.Prices["mid"] = 0.01m;
        _metrics.Latencies["mid"] = 0.01;
        Assert.Equal(["cheap", "mid"], Ranked("review"));
        Assert.Equal("cheap", Picked("review"));
    }

    [Fact]
    public void Cheapest_sorts_by_input_plus_output_price_and_models_without_a_price_come_last_in_list_order()
    {
        _metrics.Prices["cheap"] = 5m;
        _metrics.Prices["mid"] = 2m;
        Assert.Equal(["mid", "cheap", "big"], Ranked("design"));
        Assert.Equal("mid", Picked("design"));

        _metrics.Prices["big"] = 1m;
        Assert.Equal(["big", "mid", "cheap"], Ranked("design"));
        Assert.Equal("big", Picked("design"));
    }

    [Fact]
    public void Fastest_sorts_by_latency_and_without_any_data_keeps_the_declared_order()
    {
        Assert.Equal(["big", "mid", "cheap"], Ranked("quick"));
        _metrics.Latencies["cheap"] = 0.2;
        _metrics.Latencies["mid"] = 0.1;
        Assert.Equal(["mid", "cheap", "big"], Ranked("quick"));
        Assert.Equal("mid", Picked("quick"));
    }

    [Fact]
    public void Ties_keep_the_declared_order()
    {
        _metrics.Latencies["cheap"] = 0.3;
        _metrics.Latencies["mid"] = 0.3;
        Assert.Equal(["mid", "cheap", "big"], Ranked("quick"));
        Assert.Equal("mid", Picked("quick"));
    }

    [Fact]
    public void Cooling_models_are_skipped_and_an_exhausted_pool_gives_null()
    {
        _metrics.Latencies["mid"] = 0.1;
        _metrics.Unavailable.Add("mid");
        Assert.Equal("big", Picked("quick"));
        _metrics.Unavailable.UnionWith(["big", "cheap"]);
        Assert.Null(Picked("quick"));
    }
}
