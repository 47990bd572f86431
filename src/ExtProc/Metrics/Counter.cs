namespace ExtProcRouter.Metrics;

/// <summary>A monotonically increasing value per label tuple.</summary>
public sealed class Counter(string name, string help, IReadOnlyList<string> labelNames)
    : MetricFamily<Counter.Cell>(name, help, labelNames)
{
    public override MetricType Type => MetricType.Counter;

    /// <summary>The label-less series exists from creation on.</summary>
    internal void Initialize() => CreateUnlabelledSeries();

    /// <summary>Adds one.</summary>
    public void Increment(params ReadOnlySpan<string> labelValues) => Series(labelValues).Add(1);

    /// <summary>Adds <paramref name="amount"/>; negative or NaN amounts are ignored (a counter never goes down).</summary>
    public void Add(double amount, params ReadOnlySpan<string> labelValues)
    {
        if (!(amount >= 0)) return;
        Series(labelValues).Add(amount);
    }

    /// <summary>The current value, 0 for a series never touched.</summary>
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
    }
}
