using System.Collections.Frozen;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// One source's values by model slug at one moment. Immutable: a source builds a new one per refresh and swaps
/// the reference, so readers never lock and never see a half-updated table.
/// </summary>
public sealed class ModelValueSnapshot<T>
{
    public static readonly ModelValueSnapshot<T> Empty = new(new Dictionary<string, T>(), DateTimeOffset.MinValue);

    private readonly FrozenDictionary<string, T> _values;

    public ModelValueSnapshot(IReadOnlyDictionary<string, T> values, DateTimeOffset fetchedAt)
    {
        _values = values.ToFrozenDictionary(StringComparer.Ordinal);
        FetchedAt = fetchedAt;
    }

    public DateTimeOffset FetchedAt { get; }

    public int Count => _values.Count;

    public bool TryGet(string slug, out T value) => _values.TryGetValue(slug, out value!);
}
