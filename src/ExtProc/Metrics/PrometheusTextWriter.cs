using System.Globalization;
using System.Text;

namespace ExtProcRouter.Metrics;

/// <summary>
/// The Prometheus text exposition format 0.0.4: <c># HELP</c> (escaping <c>\</c> and newline), <c># TYPE</c>, then
/// <c>name{label="value"} number</c> lines with <c>\</c>, <c>"</c> and newline escaped in label values.
/// </summary>
public sealed class PrometheusTextWriter(StringBuilder output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes every family in the given order, each with its HELP and TYPE lines.</summary>
    public static string Write(IEnumerable<IMetricFamily> families)
    {
        var builder = new StringBuilder(4096);
        var writer = new PrometheusTextWriter(builder);
        foreach (var family in families) writer.WriteFamily(family);
        return builder.ToString();
    }

    public void WriteFamily(IMetricFamily family)
    {
        output.Append("# HELP ").Append(family.Name).Append(' ');
        AppendEscaped(family.Help, escapeQuote: false);
        output.Append('\n');
        output.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
        family.WriteSamples(this);
    }

    public void WriteSample(string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value)
    {
        output.Append(name);
        AppendLabels(labelNames, labelValues, extraName: null, extraValue: null);
        output.Append(' ').Append(FormatNumber(value)).Append('\n');
    }

    public void WriteBucket(string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double upperBound, long count)
    {
        output.Append(name).Append("_bucket");
        AppendLabels(labelNames, labelValues, "le", FormatNumber(upperBound));
        output.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Go's ParseFloat forms: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, otherwise round-trippable invariant digits.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void AppendLabels(IReadOnlyList<string> names, IReadOnlyList<string> values, string? extraName, string? extraValue)
    {
        if (names.Count == 0 && extraName is null) return;
        output.Append('{');
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0) output.Append(',');
            output.Append(names[i]).Append("=\"");
            AppendEscaped(values[i], escapeQuote: true);
            output.Append('"');
        }
        if (extraName is not null)
        {
            if (names.Count > 0) output.Append(',');
            output.Append(extraName).Append("=\"").Append(extraValue).Append('"');
        }
        output.Append('}');
    }

    private void AppendEscaped(string text, bool escapeQuote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': output.Append(@"\\"); break;
                case '\n': output.Append(@"\n"); break;
                case '"' when escapeQuote: output.Append("\\\""); break;
                default: output.Append(c); break;
            }
        }
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "histogram",
    };
}
