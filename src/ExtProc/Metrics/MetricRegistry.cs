namespace ExtProcRouter.Metrics;

/// <summary>
/// The process's metric families, in registration order. Families are created at startup (under a lock);
/// observations never take it.
/// </summary>
public sealed class MetricRegistry
{
    private readonly Lock _gate = new();
    private readonly List<IMetricFamily> _families = [];

    public Counter Counter(string name, string help, params string[] labelNames)
    {
        var counter = Add(new Counter(name, help, labelNames));
        counter.Initialize();
        return counter;
    }

    public Gauge Gauge(string name, string help, params string[] labelNames)
    {
        var gauge = Add(new Gauge(name, help, labelNames));
        gauge.Initialize();
        return gauge;
    }

    public Histogram Histogram(string name, string help, IReadOnlyList<double> upperBounds, params string[] labelNames) =>
        Add(new Histogram(name, help, labelNames, upperBounds));

    /// <summary>A counter or gauge whose series are read from <paramref name="observe"/> at every scrape.</summary>
    public ObservedFamily Observed(string name, string help, MetricType type, Func<IEnumerable<ObservedSample>> observe, params string[] labelNames) =>
        Add(new ObservedFamily(name, help, type, labelNames, observe));

    public IReadOnlyList<IMetricFamily> Families
    {
        get
        {
            lock (_gate) return _families.ToArray();
        }
    }

    /// <summary>The whole registry in the Prometheus text format.</summary>
    public string Expose() => PrometheusTextWriter.Write(Families);

    private T Add<T>(T family) where T : IMetricFamily
    {
        lock (_gate)
        {
            foreach (var existing in _families)
            {
                if (string.Equals(existing.Name, family.Name, StringComparison.Ordinal))
                    throw new InvalidOperationException($"metric family {family.Name} is already registered");
            }
            _families.Add(family);
        }
        return family;
    }
}
