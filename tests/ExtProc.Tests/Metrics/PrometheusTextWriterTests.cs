using ExtProcRouter.Metrics;
using ExtProcRouter.Tests.Metrics.Support;

namespace ExtProcRouter.Tests.Metrics;

public class PrometheusTextWriterTests
{
    [Fact]
    public void Help_and_label_values_are_escaped_and_parse_back_to_the_original_text()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("odd_total", "help with \\ backslash,\nnewline and \"quotes\"", "value");
        const string nasty = "a \"quoted\" \\path\\\nsecond line";
        counter.Add(3, nasty);

        var text = registry.Expose();

        Assert.Contains("# HELP odd_total help with \\\\ backslash,\\nnewline and \"quotes\"\n", text);
        Assert.Contains("odd_total{value=\"a \\\"quoted\\\" \\\\path\\\\\\nsecond line\"} 3\n", text);
        var parsed = Exposition.Parse(text);
        Assert.Equal("help with \\ backslash,\nnewline and \"quotes\"", parsed["odd_total"].Help);
        Assert.Equal(nasty, Assert.Single(parsed["odd_total"].Samples).Labels["value"]);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inclusive_bounds_and_end_in_plus_inf_equal_to_count()
    {
        var registry = new MetricRegistry();
        var histogram = registry.Histogram("latency_seconds", "latency", [1, 2, 5], "route");
        foreach (var value in new[] { 0.5, 1, 3, 10 }) histogram.Observe(value, "r");

        var text = registry.Expose();

        Assert.Contains("""
            latency_seconds_bucket{route="r",le="1"} 2
            latency_seconds_bucket{route="r",le="2"} 2
            latency_seconds_bucket{route="r",le="5"} 3
            latency_seconds_bucket{route="r",le="+Inf"} 4
            latency_seconds_sum{route="r"} 14.5
            latency_seconds_count{route="r"} 4

            """.Replace("\r\n", "\n"), text);
        var parsed = Exposition.Parse(text);
        Assert.Equal("histogram", parsed["latency_seconds"].Type);
        Assert.Equal(14.5, parsed.Value("latency_seconds_sum", ("route", "r")));
    }

    [Fact]
    public void A_family_without_labels_writes_bare_names_and_an_unused_family_still_has_help_and_type()
    {
        var registry = new MetricRegistry();
        registry.Gauge("temperature", "a gauge").Set(-2.5);
        registry.Counter("never_total", "never incremented", "label");

        var text = registry.Expose();

        Assert.Contains("temperature -2.5\n", text);
        var parsed = Exposition.Parse(text);
        Assert.Equal("counter", parsed["never_total"].Type);
        Assert.Empty(parsed["never_total"].Samples);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-9, "1E-09")]
    [InlineData(123456789.0, "123456789")]
    public void Numbers_use_the_forms_Prometheus_parses(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatNumber(value));

    [Fact]
    public void Series_are_written_in_label_order_whatever_the_order_they_were_created_in()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("c_total", "c", "k");
        counter.Increment("b");
        counter.Increment("a");

        var samples = Exposition.Parse(registry.Expose())["c_total"].Samples;

        Assert.Equal(["a", "b"], samples.Select(s => s.Labels["k"]));
    }
}
