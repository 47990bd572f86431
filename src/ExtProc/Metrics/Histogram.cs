using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Observations counted into fixed buckets per label tuple, exposed as cumulative <c>_bucket{le=...}</c> lines ending
/// in <c>le="+Inf"</c>, plus <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class Histogram : MetricFamily<Histogram.Cell>
{
    private readonly double[] _upperBounds;

    public Histogram(string name, string help, IReadOnlyList<string> labelNames, IReadOnlyList<double> upperBounds)
        : base(name, help, labelNames)
    {
        if (labelNames.Contains(MetricLabels.LessOrEqual, StringComparer.Ordinal))
            throw new ArgumentException($"histogram {name}: label name 'le' is reserved for buckets");
        if (upperBounds.Count == 0) throw new ArgumentException($"histogram {name}: needs at least one bucket");
        for (var i = 0; i < upperBounds.Count; i++)
        {
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
                throw new ArgumentException($"histogram {name}: bucket bounds must be finite and strictly increasing (+Inf is implicit)");
        }
        _upperBounds = upperBounds.ToArray();
    }

    public override MetricType Type => MetricType.Histogram;

    public IReadOnlyList<double> UpperBounds => _upperBounds;

    /// <summary>Counts <paramref name="value"/> into the first bucket whose bound is &gt;= it; NaN is ignored.</summary>
    public void Observe(double value, params ReadOnlySpan<string> labelValues)
    {
        if (double.IsNaN(value)) return;
        var index = Array.BinarySearch(_upperBounds, value);
        if (index < 0) index = ~index;
        Series(labelValues).Observe(index, value);
    }

    /// <summary>A consistent-enough copy of one series (for tests and the console).</summary>
    public HistogramSnapshot Snapshot(params ReadOnlySpan<string> labelValues) => Series(labelValues).Snapshot();

    protected override Cell CreateSeries() => new(_upperBounds.Length + 1);

    public override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (labels, cell) in OrderedSeries())
        {
            var snapshot = cell.Snapshot();
            long cumulative = 0;
            for (var i = 0; i < _upperBounds.Length; i++)
            {
                cumulative += snapshot.BucketCounts[i];
                writer.WriteBucket(Name, LabelNames, labels, _upperBounds[i], cumulative);
            }
            // +Inf and _count are the same total, so a scrape never shows _count below a bucket.
            writer.WriteBucket(Name, LabelNames, labels, double.PositiveInfinity, snapshot.Count);
            writer.WriteSample(Name + "_sum", LabelNames, labels, snapshot.Sum);
            writer.WriteSample(Name + "_count", LabelNames, labels, snapshot.Count);
        }
    }

    public sealed class Cell(int buckets)
    {
        private readonly long[] _counts = new long[buckets];
        private AtomicDouble _sum;

        internal void Observe(int bucket, double value)
        {
            Interlocked.Increment(ref _counts[bucket]);
            _sum.Add(value);
        }

        internal HistogramSnapshot Snapshot()
        {
            var counts = new long[_counts.Length];
            long total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = Volatile.Read(ref _counts[i]);
                total += counts[i];
            }
            return new HistogramSnapshot(counts, total, _sum.Read());
        }
    }
}

/// <summary>Per-bucket (not cumulative) counts, the last one for values above every bound; total count; sum.</summary>
public sealed record HistogramSnapshot(IReadOnlyList<long> BucketCounts, long Count, double Sum);
