namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// Pins in this process's memory, with sliding expiry and an exact least-recently-used bound, every operation O(1):
/// a dictionary into a recency list. MemoryCache was used before, but it evicts by sorting every entry, which at a
/// full store cost milliseconds on the request path; pinning must also always keep the newest session, which
/// MemoryCache's own SizeLimit does not (it refuses the new entry).
/// </summary>
/// <remarks>
/// One lock guards both structures; every operation under it is a hash lookup and a few pointer moves, far below
/// the cost of a request. Expired pins are dropped when read and, being the least recently used, they are the
/// first to go when the store is full, so the bound holds without a sweeper.
/// </remarks>
public sealed class MemoryAffinityStore(AffinityOptions options, TimeProvider timeProvider) : IAffinityStore, IDisposable
{
    private readonly Dictionary<AffinityKey, LinkedListNode<Entry>> _index = new(CheckedMaxPins(options));
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate) return _index.Count;
        }
    }

    public ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out var node)) return ValueTask.FromResult<PinnedModel?>(null);
            if (now - node.Value.LastUsed >= options.TimeToLive)
            {
                Remove(node);
                return ValueTask.FromResult<PinnedModel?>(null);
            }
            node.Value.LastUsed = now;
            MoveToFront(node);
            return ValueTask.FromResult<PinnedModel?>(node.Value.Pin);
        }
    }

    public ValueTask PinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var existing))
            {
                existing.Value.Pin = pin;
                existing.Value.LastUsed = now;
                MoveToFront(existing);
                return ValueTask.CompletedTask;
            }
            while (_index.Count >= options.MaxPins) Remove(_recency.Last!);
            _index[key] = _recency.AddFirst(new Entry(key, pin, now));
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _index.Clear();
            _recency.Clear();
        }
    }

    private void MoveToFront(LinkedListNode<Entry> node)
    {
        if (node == _recency.First) return;
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _index.Remove(node.Value.Key);
    }

    private static int CheckedMaxPins(AffinityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPins, 1);
        // Presize only up to a modest size: a large bound should not allocate its whole table up front.
        return Math.Min(options.MaxPins, 1024);
    }

    private sealed class Entry(AffinityKey key, PinnedModel pin, DateTimeOffset lastUsed)
    {
        public AffinityKey Key { get; } = key;
        public PinnedModel Pin { get; set; } = pin;
        public DateTimeOffset LastUsed { get; set; } = lastUsed;
    }
}
