namespace ExtProcRouter.Metrics;

/// <summary>A value that goes up and down per label tuple.</summary>
public sealed class Gauge(string name, string help, IReadOnlyList<string> labelNames)
    : MetricFamily<Gauge.Cell>(name, help, labelNames)
{
    public override MetricType Type => MetricType.Gauge;

    /// <summary>The label-less series exists from creation on.</summary>
    internal void Initialize() => CreateUnlabelledSeries();

    public void Set(double value, params ReadOnlySpan<string> labelValues) => Series(labelValues).Set(value);

    public void Add(double amount, params ReadOnlySpan<string> labelValues) => Series(labelValues).Add(amount);

    public double Value(params ReadOnlySpan<string> labelValues) => Series(labelValues).Value;

    protected override Cell CreateSeries() => new();

    public override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (labels, cell) in OrderedSeries()) writer.WriteSample(Name, LabelNames, labels, cell.Value);
    }

    public sealed class Cell
    {
        private AtomicDouble _value;

        public double Value => _value.Read();

        internal void Add(double amount) => _value.Add(amount);

        internal void Set(double value) => _value.Set(value);
    }
}
