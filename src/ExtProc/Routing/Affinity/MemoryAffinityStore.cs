using Microsoft.Extensions.Caching.Memory;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// Pins in this process's memory: sliding expiry from MemoryCache, and an exact least-recently-used bound.
/// MemoryCache's own SizeLimit refuses the new entry and compacts later on the thread pool; pinning must
/// always keep the newest session, so the bound is enforced here with a synchronous LRU compaction instead.
/// </summary>
public sealed class MemoryAffinityStore : IAffinityStore, IDisposable
{
    private readonly MemoryCache _cache;
    private readonly AffinityOptions _options;
    private readonly Lock _pinLock = new();

    public MemoryAffinityStore(AffinityOptions options, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPins, 1);
        _options = options;
#pragma warning disable CS0618 // ISystemClock is the only way to give MemoryCache a clock.
        _cache = new MemoryCache(new MemoryCacheOptions { Clock = new TimeProviderClock(timeProvider), TrackLinkedCacheEntries = false });
#pragma warning restore CS0618
    }

    public int Count => _cache.Count;

    public ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_cache.TryGetValue(key, out PinnedModel? pin) ? pin : null);

    public ValueTask PinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken)
    {
        lock (_pinLock)
        {
            var count = _cache.Count;
            if (count >= _options.MaxPins && !_cache.TryGetValue(key, out _))
            {
                // Compact removes expired entries first, then the least recently accessed ones.
                var toRemove = count - _options.MaxPins + 1;
                _cache.Compact((toRemove + 0.5) / count);
            }
            _cache.Set(key, pin, new MemoryCacheEntryOptions { SlidingExpiration = _options.TimeToLive });
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
