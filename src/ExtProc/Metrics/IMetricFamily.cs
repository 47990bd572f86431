namespace ExtProcRouter.Metrics;

/// <summary>What the exposition needs from a family, whatever its type.</summary>
public interface IMetricFamily
{
    string Name { get; }
    string Help { get; }
    MetricType Type { get; }
    IReadOnlyList<string> LabelNames { get; }

    /// <summary>Writes the family's sample lines (not HELP/TYPE).</summary>
    void WriteSamples(PrometheusTextWriter writer);
}
