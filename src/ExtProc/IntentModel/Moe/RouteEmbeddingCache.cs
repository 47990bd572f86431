using System.Collections.Concurrent;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Route embeddings by route text: a router's routes are embedded once, on the first request that offers them.
/// Bounded: when full it starts over, which costs one re-embedding per route and keeps memory flat.
/// </summary>
public sealed class RouteEmbeddingCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, float[]> _embeddings = new(StringComparer.Ordinal);

    public int Count => _embeddings.Count;

    public bool TryGet(RouteDescription route, out float[] embedding) =>
        _embeddings.TryGetValue(MoeFeatureBuilder.RouteText(route), out embedding!);

    public void Add(RouteDescription route, float[] embedding)
    {
        if (_embeddings.Count >= capacity) _embeddings.Clear();
        _embeddings[MoeFeatureBuilder.RouteText(route)] = embedding;
    }

    /// <summary>Embeddings of <paramref name="routes"/> in order; the missing ones are embedded together in one run.</summary>
    public float[][] GetOrEmbed(IReadOnlyList<RouteDescription> routes, TextEmbedder embedder, CancellationToken cancellationToken)
    {
        var result = new float[routes.Count][];
        List<int>? missing = null;
        for (var i = 0; i < routes.Count; i++)
        {
            if (_embeddings.TryGetValue(MoeFeatureBuilder.RouteText(routes[i]), out var cached)) result[i] = cached;
            else (missing ??= []).Add(i);
        }
        if (missing is null) return result;

        var texts = missing.Select(i => MoeFeatureBuilder.RouteText(routes[i])).ToArray();
        var embedded = embedder.Embed(texts, cancellationToken);
        if (_embeddings.Count + texts.Length > capacity) _embeddings.Clear();
        for (var m = 0; m < missing.Count; m++)
        {
            result[missing[m]] = embedded[m];
            _embeddings[texts[m]] = embedded[m];
        }
        return result;
    }
}
