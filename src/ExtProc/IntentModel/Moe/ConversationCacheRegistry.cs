using System.Collections.Concurrent;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The conversation caches of the ONNX classifiers loaded so far, by classifier name, so that metrics can read them at
/// scrape time. Classifiers load on first use, so the set only grows. Thread-safe.
/// </summary>
public sealed class ConversationCacheRegistry
{
    private readonly ConcurrentDictionary<string, TokenWindowEmbeddingCache> _caches = new(StringComparer.Ordinal);

    public void Add(string classifier, TokenWindowEmbeddingCache cache) => _caches[classifier] = cache;

    /// <summary>Loaded classifiers' caches, ordered by classifier name.</summary>
    public IEnumerable<(string Classifier, TokenWindowEmbeddingCache Cache)> Loaded =>
        _caches.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => (entry.Key, entry.Value));
}
