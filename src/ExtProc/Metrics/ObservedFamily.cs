namespace ExtProcRouter.Metrics;

/// <summary>
/// A family whose samples are read at scrape time from their owner (OpenTelemetry's "observable" instruments), for
/// values another component already keeps: a metric source's failure count, the config monitor's reload counts.
/// Copying them into a pushed counter would be a second source of truth.
/// </summary>
public sealed class ObservedFamily : IMetricFamily
{
    private readonly Func<IEnumerable<ObservedSample>> _observe;

    public ObservedFamily(string name, string help, MetricType type, IReadOnlyList<string> labelNames, Func<IEnumerable<ObservedSample>> observe)
    {
        if (type is not (MetricType.Counter or MetricType.Gauge))
            throw new ArgumentException($"metric {name}: only counters and gauges can be observed", nameof(type));
        MetricNaming.ValidateMetricName(name);
        foreach (var label in labelNames) MetricNaming.ValidateLabelName(label);
        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames.ToArray();
        _observe = observe;
    }

    public string Name { get; }
    public string Help { get; }
    public MetricType Type { get; }
    public IReadOnlyList<string> LabelNames { get; }

    public void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var sample in _observe().OrderBy(s => s.LabelValues, LabelValuesOrder.Instance))
        {
            if (sample.LabelValues.Length != LabelNames.Count)
                throw new InvalidOperationException($"metric {Name} takes {LabelNames.Count} label values, got {sample.LabelValues.Length}");
            writer.WriteSample(Name, LabelNames, sample.LabelValues, sample.Value);
        }
    }
}

/// <summary>One observed series: its label values (in the family's label order) and its current value.</summary>
public readonly record struct ObservedSample(string[] LabelValues, double Value);
