using System.Collections.Concurrent;

namespace ExtProcRouter.Metrics;

/// <summary>
/// One metric family: a name, help text, label names, and one series per distinct tuple of label values. Lookups
/// and updates are lock-free (a concurrent dictionary read plus interlocked arithmetic on the series).
/// </summary>
/// <typeparam name="TSeries">The per-series state.</typeparam>
public abstract class MetricFamily<TSeries> : IMetricFamily where TSeries : class
{
    private readonly ConcurrentDictionary<string[], TSeries> _series = new(LabelValuesComparer.Instance);
    private readonly ConcurrentDictionary<string[], TSeries>.AlternateLookup<ReadOnlySpan<string>> _lookup;

    protected MetricFamily(string name, string help, IReadOnlyList<string> labelNames)
    {
        MetricNaming.ValidateMetricName(name);
        foreach (var label in labelNames) MetricNaming.ValidateLabelName(label);
        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
            throw new ArgumentException($"metric {name}: duplicate label names", nameof(labelNames));
        Name = name;
        Help = help;
        LabelNames = labelNames.ToArray();
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    /// <summary>A family without labels has exactly one series: expose it (as zero) from the start, as client libraries do.</summary>
    protected void CreateUnlabelledSeries()
    {
        if (LabelNames.Count == 0) Series([]);
    }

    public string Name { get; }
    public string Help { get; }
    public IReadOnlyList<string> LabelNames { get; }
    public abstract MetricType Type { get; }

    /// <summary>The series for these label values (in <see cref="LabelNames"/> order), created on first use.</summary>
    protected TSeries Series(ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
            throw new ArgumentException($"metric {Name} takes {LabelNames.Count} label values, got {labelValues.Length}");
        if (_lookup.TryGetValue(labelValues, out var existing)) return existing;
        var key = labelValues.ToArray();
        for (var i = 0; i < key.Length; i++) key[i] ??= "";
        return _series.GetOrAdd(key, _ => CreateSeries());
    }

    protected abstract TSeries CreateSeries();

    /// <summary>Every series with its label values, ordered by label values so the exposition is stable.</summary>
    protected IEnumerable<KeyValuePair<string[], TSeries>> OrderedSeries() =>
        _series.ToArray().OrderBy(pair => pair.Key, LabelValuesOrder.Instance);

    public abstract void WriteSamples(PrometheusTextWriter writer);
}
