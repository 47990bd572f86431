using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Tests.Processing.Support;

namespace ExtProcRouter.Tests.Routing.Affinity;

public class MemoryAffinityStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private MemoryAffinityStore Store(int maxPins = 10, int ttlSeconds = 600) =>
        new(new AffinityOptions(TimeSpan.FromSeconds(ttlSeconds), maxPins), _time);

    private static AffinityKey Key(string id, string router = "coding") => new(router, id);

    [Fact]
    public async Task A_pin_is_read_back_and_kept_per_router()
    {
        using var store = Store();
        await store.PinAsync(Key("s1"), new PinnedModel("claude", "code-review"), default);
        Assert.Equal(new PinnedModel("claude", "code-review"), await store.TryGetAsync(Key("s1"), default));
        Assert.Null(await store.TryGetAsync(Key("s1", router: "writing"), default));
        Assert.Null(await store.TryGetAsync(Key("s2"), default));
    }

    [Fact]
    public async Task The_time_to_live_slides_with_every_read_and_expires_when_idle()
    {
        using var store = Store(ttlSeconds: 600);
        await store.PinAsync(Key("s1"), new PinnedModel("claude", null), default);
        _time.Advance(TimeSpan.FromSeconds(500));
        Assert.NotNull(await store.TryGetAsync(Key("s1"), default));
        _time.Advance(TimeSpan.FromSeconds(500)); // 1000 s after pinning, 500 s after the last use
        Assert.NotNull(await store.TryGetAsync(Key("s1"), default));
        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.Null(await store.TryGetAsync(Key("s1"), default));
    }

    [Fact]
    public async Task Beyond_the_bound_the_least_recently_used_pin_is_evicted()
    {
        using var store = Store(maxPins: 3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.PinAsync(Key(id), new PinnedModel("m-" + id, null), default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.NotNull(await store.TryGetAsync(Key("a"), default)); // "a" is now the most recently used
        _time.Advance(TimeSpan.FromSeconds(1));

        await store.PinAsync(Key("d"), new PinnedModel("m-d", null), default);

        Assert.Equal(3, store.Count);
        Assert.Null(await store.TryGetAsync(Key("b"), default));
        Assert.NotNull(await store.TryGetAsync(Key("a"), default));
        Assert.NotNull(await store.TryGetAsync(Key("c"), default));
        Assert.NotNull(await store.TryGetAsync(Key("d"), default));
    }

    [Fact]
    public async Task A_full_store_evicts_exactly_one_pin_per_new_session_and_always_keeps_the_newest()
    {
        using var store = Store(maxPins: 200, ttlSeconds: 3600);
        for (var i = 0; i < 200; i++)
        {
            await store.PinAsync(Key("s" + i), new PinnedModel("m", null), default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await store.PinAsync(Key("newest"), new PinnedModel("m", null), default);

        Assert.Equal(200, store.Count);
        Assert.Null(await store.TryGetAsync(Key("s0"), default));
        Assert.NotNull(await store.TryGetAsync(Key("s1"), default));
        Assert.NotNull(await store.TryGetAsync(Key("newest"), default));
    }

    [Fact]
    public async Task An_expired_pin_is_gone_when_read_and_frees_its_place()
    {
        using var store = Store(maxPins: 2, ttlSeconds: 10);
        await store.PinAsync(Key("a"), new PinnedModel("m", null), default);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(await store.TryGetAsync(Key("a"), default));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Re_pinning_an_existing_session_replaces_it_without_evicting_others()
    {
        using var store = Store(maxPins: 2);
        await store.PinAsync(Key("a"), new PinnedModel("m1", null), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.PinAsync(Key("b"), new PinnedModel("m1", null), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.PinAsync(Key("a"), new PinnedModel("m2", "t"), default);

        Assert.Equal(new PinnedModel("m2", "t"), await store.TryGetAsync(Key("a"), default));
        Assert.NotNull(await store.TryGetAsync(Key("b"), default));
    }
}
