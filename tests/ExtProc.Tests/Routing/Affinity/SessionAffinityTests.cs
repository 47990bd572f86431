using ExtProcRouter.Configuration;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Routing.Affinity;

/// <summary>A router stand-in that answers with whatever model the test sets, counting its calls.</summary>
internal sealed class ScriptedRouterSelector(RouterConfig config) : IModelSelector
{
    public string NextModel { get; set; } = "gpt-small";
    public string NextRoute { get; set; } = "code-review";
    public int Calls { get; private set; }

    public ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        Assert.True(config.TryFindModel(NextModel, out var model));
        return ValueTask.FromResult(new ModelSelection(model, NextRoute));
    }
}

internal sealed class SwitchableAvailability : IModelAvailability
{
    public HashSet<string> Unavailable { get; } = [];
    public bool IsAvailable(string slug) => !Unavailable.Contains(slug);
}

internal sealed class FailingAffinityStore : IAffinityStore
{
    public ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken) => throw new IOException("store down");
    public ValueTask PinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken) => throw new IOException("store down");
}

public sealed class SessionAffinityTests : IDisposable
{
    private readonly RouterConfig _config = TestConfigs.Load();
    private readonly ManualTimeProvider _time = new();
    private readonly MemoryAffinityStore _store;
    private readonly ScriptedRouterSelector _router;
    private readonly SwitchableAvailability _availability = new();
    private readonly RecordingLogger<SessionAffinity> _log = new();
    private readonly SessionAffinity _affinity;

    public SessionAffinityTests()
    {
        _store = new MemoryAffinityStore(AffinityOptions.Default, _time);
        _router = new ScriptedRouterSelector(_config);
        _affinity = new SessionAffinity(_store, new StaticRouterConfigSource(_config), _availability, _log);
    }

    public void Dispose() => _store.Dispose();

    private static ModelSelectionRequest Request(string model = "router:coding") => new(model, ApiFormat.OpenAIChat, ReadOnlyMemory<byte>.Empty);

    [Fact]
    public async Task The_first_request_routes_and_pins_and_later_ones_skip_the_router()
    {
        var first = await _affinity.SelectAsync(_router, Request(), "session-1", default);
        _router.NextModel = "claude"; // the router would now choose differently
        var second = await _affinity.SelectAsync(_router, Request(), "session-1", default);

        Assert.Equal(1, _router.Calls);
        Assert.Equal(("gpt-small", "code-review", false), (first.Selection.Model.Slug, first.Selection.SelectedRoute, first.Repinned));
        Assert.Equal(("gpt-small", "code-review", false), (second.Selection.Model.Slug, second.Selection.SelectedRoute, second.Repinned));
    }

    [Fact]
    public async Task Without_a_session_id_or_for_a_concrete_model_nothing_is_pinned()
    {
        await _affinity.SelectAsync(_router, Request(), null, default);
        await _affinity.SelectAsync(_router, Request(), "", default);
        await _affinity.SelectAsync(_router, Request("gpt-small"), "session-1", default);
        Assert.Equal(3, _router.Calls);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task An_unavailable_pinned_model_is_routed_again_and_re_pinned()
    {
        await _affinity.SelectAsync(_router, Request(), "session-1", default);
        _availability.Unavailable.Add("gpt-small");
        _router.NextModel = "claude";

        var repinned = await _affinity.SelectAsync(_router, Request(), "session-1", default);
        _availability.Unavailable.Clear();
        var after = await _affinity.SelectAsync(_router, Request(), "session-1", default);

        Assert.Equal(("claude", true), (repinned.Selection.Model.Slug, repinned.Repinned));
        Assert.Equal(("claude", false), (after.Selection.Model.Slug, after.Repinned));
        Assert.Equal(2, _router.Calls);
    }

    [Fact]
    public async Task Sessions_are_separate_per_router()
    {
        await _affinity.SelectAsync(_router, Request("router:coding"), "s", default);
        _router.NextModel = "claude";
        var other = await _affinity.SelectAsync(_router, Request("router:writing"), "s", default);
        Assert.Equal("claude", other.Selection.Model.Slug);
    }

    [Fact]
    public async Task A_pin_to_a_model_removed_from_the_config_is_replaced()
    {
        await _store.PinAsync(new AffinityKey("coding", "s"), new PinnedModel("deleted-model", "x"), default);
        var selection = await _affinity.SelectAsync(_router, Request(), "s", default);
        Assert.Equal(("gpt-small", true), (selection.Selection.Model.Slug, selection.Repinned));
    }

    [Fact]
    public async Task A_failing_store_degrades_to_plain_routing_and_logs_a_warning()
    {
        var affinity = new SessionAffinity(new FailingAffinityStore(), new StaticRouterConfigSource(_config), _availability, _log);
        var selection = await affinity.SelectAsync(_router, Request(), "s", default);
        Assert.Equal("gpt-small", selection.Selection.Model.Slug);
        Assert.Equal(2, _log.Lines.Count(l => l.Contains("store", StringComparison.OrdinalIgnoreCase) || l.Contains("pin", StringComparison.OrdinalIgnoreCase)));
    }
}
