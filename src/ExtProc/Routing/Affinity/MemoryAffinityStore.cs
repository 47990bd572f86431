using Microsoft.Extensions.Caching.Memory;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// Pins in this process's memory: sliding expiry from MemoryCache, and an exact least-recently-used bound.
/// MemoryCache's own SizeLimit refuses the new entry and compacts later on the thread pool; pinning must
/// always keep the newest session, so the bound is enforced here with a synchronous LRU compaction instead
/// (of 1% of the bound at a time, so a full store holds between 99% and 100% of <see cref="AffinityOptions.MaxPins"/>).
/// </summary>
public sealed class MemoryAffinityStore : IAffinityStore, IDisposable
{
    private const int EvictionBatchDivisor = 100;
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
                // Compact removes expired entries first, then the least recently accessed ones. It sorts every
                // entry, so evict 1% at a time: the sort is paid once per hundred new sessions at capacity.
                var toRemove = Math.Max(count - _options.MaxPins + 1, _options.MaxPins / EvictionBatchDivisor);
                _cache.Compact((toRemove + 0.5) / count);
            }
            _cache.Set(key, pin, new MemoryCacheEntryOptions { SlidingExpiration = _options.TimeToLive });
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
