namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Encoder embeddings of conversation texts by the token window that was encoded, least recently used evicted first.
/// In a conversation the earlier user turns of request N+1 were the latest message of request N, so their (long,
/// expensive) windows were embedded then; this lets request N+1 reuse them instead of encoding them again.
/// Keyed by token ids rather than by text: a long paste costs at most 128 ids of key, and two texts whose windows
/// agree (e.g. after the conversation trimmer cut a different middle) share one entry. Thread-safe; lookups and
/// inserts are O(1) under one short lock (a few per request, no encoder work inside it).
/// </summary>
/// <remarks>
/// Sizing: an entry holds 512 floats (2 KiB) plus at most 128 ids (0.5 KiB) and ~150 bytes of bookkeeping, so
/// about 2.7 KiB; the default 4,096 entries are about 11 MiB per classifier. A request adds at most one entry per
/// view (3 today), so 4,096 entries remember the last ~1,300 requests' texts: a follow-up hits when fewer than that
/// many requests reached the same classifier since the previous turn of its conversation.
/// With the int8 encoder a cached embedding can differ slightly from a fresh one (last digits; cosine ~0.999 at
/// worst, models/MODEL_CARD.md): activations are quantized dynamically (DynamicQuantizeLinear), with one scale per
/// run over the whole input tensor, so a window's embedding depends a little on the other sequences in its batch.
/// Serving already varies that way between requests, and the head was selected under it, so it is accepted.
/// </remarks>
public sealed class TokenWindowEmbeddingCache
{
    /// <summary>About 11 MiB; see the remarks for the arithmetic.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<TokenWindowKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private long _hits;
    private long _misses;

    /// <param name="capacity">Entries kept; 0 disables the cache (every lookup misses, nothing is stored).</param>
    public TokenWindowEmbeddingCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _entries = new Dictionary<TokenWindowKey, LinkedListNode<Entry>>(Math.Min(capacity, DefaultCapacity));
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>Lookups that found an embedding, since the cache was created.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that did not (including every lookup of a disabled cache).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Copies the embedding of <paramref name="window"/> into <paramref name="destination"/> when it is cached.</summary>
    public bool TryCopyTo(TokenWindowKey window, Span<float> destination)
    {
        if (Capacity > 0)
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(window, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    // Copied out, not handed out: a caller that scales or normalises its vector must not change the cache.
                    node.Value.Embedding.CopyTo(destination);
                    Interlocked.Increment(ref _hits);
                    return true;
                }
            }
        }
        Interlocked.Increment(ref _misses);
        return false;
    }

    /// <summary>Stores a copy of <paramref name="embedding"/> for <paramref name="window"/>, evicting the least recently used entry when full.</summary>
    public void Add(TokenWindowKey window, ReadOnlySpan<float> embedding)
    {
        if (Capacity == 0) return;
        var copy = embedding.ToArray();
        lock (_lock)
        {
            if (_entries.TryGetValue(window, out var existing))
            {
                // Two requests embedded the same window at once: keep one, freshly used.
                existing.Value = new Entry(window, copy);
                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return;
            }
            if (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Window);
            }
            _entries.Add(window, _recency.AddFirst(new Entry(window, copy)));
        }
    }

    private readonly record struct Entry(TokenWindowKey Window, float[] Embedding);
}
