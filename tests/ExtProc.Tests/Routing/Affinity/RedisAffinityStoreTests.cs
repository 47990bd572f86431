using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Tests.Processing.Support;

namespace ExtProcRouter.Tests.Routing.Affinity;

public sealed class RedisAffinityStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly RespConnection _connection = redis.Connect();
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    private RedisAffinityStore Store(int maxPins = 10, int ttlSeconds = 600, RespConnection? connection = null) =>
        new(connection ?? _connection, new AffinityOptions(TimeSpan.FromSeconds(ttlSeconds), maxPins), _time, _prefix);

    private static AffinityKey Key(string id, string router = "coding") => new(router, id);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task A_pin_is_read_back_with_its_route_and_kept_per_router()
    {
        var store = Store();
        await store.PinAsync(Key("s1"), new PinnedModel("claude", "code-review"), default);
        Assert.Equal(new PinnedModel("claude", "code-review"), await store.TryGetAsync(Key("s1"), default));
        Assert.Null(await store.TryGetAsync(Key("s1", router: "writing"), default));
        Assert.Null(await store.TryGetAsync(Key("s2"), default));
    }

    [Fact]
    public async Task Two_replicas_on_separate_connections_see_the_same_pins()
    {
        await using var otherConnection = redis.Connect();
        await Store().PinAsync(Key("shared"), new PinnedModel("gpt-small", null), default);
        Assert.Equal(new PinnedModel("gpt-small", null), await Store(connection: otherConnection).TryGetAsync(Key("shared"), default));
    }

    [Fact]
    public async Task The_time_to_live_slides_with_every_read_and_expires_when_idle()
    {
        var store = Store(ttlSeconds: 600);
        await store.PinAsync(Key("s1"), new PinnedModel("claude", null), default);
        _time.Advance(TimeSpan.FromSeconds(500));
        Assert.NotNull(await store.TryGetAsync(Key("s1"), default));
        _time.Advance(TimeSpan.FromSeconds(500));
        Assert.NotNull(await store.TryGetAsync(Key("s1"), default));
        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.Null(await store.TryGetAsync(Key("s1"), default));
        Assert.Equal(0, await store.CountAsync(default));
    }

    [Fact]
    public async Task Beyond_the_bound_the_least_recently_used_pin_is_evicted()
    {
        var store = Store(maxPins: 3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.PinAsync(Key(id), new PinnedModel("m-" + id, null), default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.NotNull(await store.TryGetAsync(Key("a"), default));
        _time.Advance(TimeSpan.FromSeconds(1));

        await store.PinAsync(Key("d"), new PinnedModel("m-d", null), default);

        Assert.Equal(3, await store.CountAsync(default));
        Assert.Null(await store.TryGetAsync(Key("b"), default));
        Assert.NotNull(await store.TryGetAsync(Key("a"), default));
        Assert.NotNull(await store.TryGetAsync(Key("c"), default));
        Assert.NotNull(await store.TryGetAsync(Key("d"), default));
    }

    [Fact]
    public async Task Router_and_session_parts_cannot_collide()
    {
        var store = Store();
        await store.PinAsync(new AffinityKey("a:b", "c"), new PinnedModel("one", null), default);
        Assert.Null(await store.TryGetAsync(new AffinityKey("a", "b:c"), default));
    }

    [Fact]
    public async Task A_redis_error_reply_surfaces_as_an_exception_and_the_connection_stays_usable()
    {
        await Assert.ThrowsAsync<RespException>(() => _connection.ExecuteAsync(["NOSUCHCOMMAND"], default));
        Assert.Equal("PONG", await _connection.ExecuteAsync(["PING"], default));
    }
}
