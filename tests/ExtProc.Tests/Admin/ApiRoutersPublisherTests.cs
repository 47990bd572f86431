using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;

namespace ExtProcRouter.Tests.Admin;

public sealed class ApiRoutersPublisherTests : IDisposable
{
    private readonly RouterConfigMonitor _monitor = new(RoutingConfigs.Load(), new RecordingLogger<RouterConfigMonitor>());
    private readonly RecordingLogger<ApiRoutersPublisher> _log = new();
    private readonly ApiRoutersPublisher _publisher;

    public ApiRoutersPublisherTests() => _publisher = new ApiRoutersPublisher(_monitor, _log);

    public void Dispose() => _publisher.Dispose();

    private static StoredRouter Api(string name, string fallback = "fb1", string prefer = "cheapest") => new(
        Guid.NewGuid().ToString(), name, "from the API",
        new RouterConfigBody(
            [new ModelRouterPolicy(new CustomTask("summarize", "Summarize documents."), ["big", "cheap"], new SelectionPolicy(prefer))],
            [fallback]),
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_published_router_is_served_next_to_the_file_routers()
    {
        _publisher.Publish([Api("docs")]);

        var current = _monitor.Current;
        Assert.True(current.TryFindRouter("dev", out _));
        Assert.True(current.TryFindRouter("docs", out var docs));
        var policy = Assert.Single(docs.Policies);
        Assert.Equal(("summarize", SelectionPreference.Cheapest, false), (policy.TaskName, policy.Preference, policy.IsPresetTask));
        Assert.Equal(["big", "cheap"], policy.Models.Select(m => m.Slug));
        Assert.Equal("fb1", Assert.Single(docs.FallbackModels).Slug);
    }

    [Fact]
    public void Deleting_every_api_router_leaves_only_the_file_routers()
    {
        _publisher.Publish([Api("docs")]);
        _publisher.Publish([]);
        Assert.Equal(["dev"], _monitor.Current.Routers.Select(r => r.Name));
    }

    [Fact]
    public void A_file_reload_keeps_the_api_routers()
    {
        _publisher.Publish([Api("docs")]);

        var errors = _monitor.TryApply(RoutingConfigs.Yaml.Replace("name: dev", "name: dev2"), _ => null, "test");

        Assert.Empty(errors);
        Assert.Equal(["dev2", "docs"], _monitor.Current.Routers.Select(r => r.Name));
        Assert.Equal(["dev2"], _publisher.FileRouterNames);
    }

    [Fact]
    public void A_file_router_wins_a_name_clash_and_the_shadowing_is_logged()
    {
        _publisher.Publish([Api("dev")]);
        Assert.Equal("review", _monitor.Current.Routers.Single(r => r.Name == "dev").Policies[0].TaskName);
        Assert.Contains(_log.Lines, l => l.Contains("shadowed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_router_naming_a_model_the_file_no_longer_declares_is_left_out_loudly()
    {
        _publisher.Publish([Api("docs", fallback: "fb2"), Api("other")]);
        _monitor.TryApply(RoutingConfigs.Yaml.Replace("  - {slug: fb2, provider: p}\n", "").Replace("[fb1, fb2]", "[fb1]"), _ => null, "test");

        Assert.False(_monitor.Current.TryFindRouter("docs", out _));
        Assert.True(_monitor.Current.TryFindRouter("other", out _));
        Assert.Contains(_log.Lines, l => l.Contains("fb2", StringComparison.Ordinal));
    }
}
