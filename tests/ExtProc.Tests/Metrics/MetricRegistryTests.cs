using ExtProcRouter.Metrics;

namespace ExtProcRouter.Tests.Metrics;

public class MetricRegistryTests
{
    [Theory]
    [InlineData("1starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("has.dot")]
    [InlineData("")]
    public void Invalid_metric_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new MetricRegistry().Counter(name, "h"));

    [Theory]
    [InlineData("__reserved")]
    [InlineData("has:colon")]
    [InlineData("9lives")]
    public void Invalid_label_names_are_refused(string label) =>
        Assert.Throws<ArgumentException>(() => new MetricRegistry().Counter("ok_total", "h", label));

    [Fact]
    public void A_name_can_be_registered_once()
    {
        var registry = new MetricRegistry();
        registry.Counter("dup_total", "h");
        Assert.Throws<InvalidOperationException>(() => registry.Gauge("dup_total", "h"));
    }

    [Fact]
    public void Histograms_refuse_le_as_a_label_and_bounds_that_do_not_increase()
    {
        var registry = new MetricRegistry();
        Assert.Throws<ArgumentException>(() => registry.Histogram("h1", "h", [1, 2], "le"));
        Assert.Throws<ArgumentException>(() => registry.Histogram("h2", "h", [2, 1]));
        Assert.Throws<ArgumentException>(() => registry.Histogram("h3", "h", [1, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => registry.Histogram("h4", "h", []));
    }

    [Fact]
    public void The_number_of_label_values_must_match_the_label_names()
    {
        var counter = new MetricRegistry().Counter("c_total", "h", "a", "b");
        Assert.Throws<ArgumentException>(() => counter.Increment("only-one"));
    }

    [Fact]
    public void A_counter_ignores_negative_and_nan_amounts()
    {
        var counter = new MetricRegistry().Counter("c_total", "h");
        counter.Add(2);
        counter.Add(-1);
        counter.Add(double.NaN);
        Assert.Equal(2, counter.Value());
    }

    [Fact]
    public void Concurrent_updates_are_not_lost()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("c_total", "h", "k");
        var histogram = registry.Histogram("h_seconds", "h", [0.5], "k");
        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(0.5, i % 2 == 0 ? "even" : "odd");
                histogram.Observe(1, "same");
            }
        });
        Assert.Equal(10_000, counter.Value("even"));
        Assert.Equal(10_000, counter.Value("odd"));
        var snapshot = histogram.Snapshot("same");
        Assert.Equal(40_000, snapshot.Count);
        Assert.Equal(40_000, snapshot.Sum);
        Assert.Equal([0L, 40_000L], snapshot.BucketCounts);
    }
}
