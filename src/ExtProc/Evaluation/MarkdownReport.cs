using System.Globalization;
using System.Text;

namespace ExtProcRouter.Evaluation;

/// <summary>Renders evaluation results as GitHub-flavoured markdown (for the README and model cards).</summary>
public static class MarkdownReport
{
    private const string NotApplicable = "n/a";

    /// <summary>The full report of one run: headline numbers, per-category accuracy, most frequent confusions.</summary>
    public static string Render(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var text = new StringBuilder();
        text.Append("## ").Append(Escape(result.Classifier)).Append(" on ").Append(Escape(result.DataName)).Append("\n\n");
        text.Append("| cases | strict | lenient | other precision | other recall | other F1 | p50 | p99 | errors |\n");
        text.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        text.Append(Invariant($"| {m.Cases} | {Percent(m.StrictAccuracy)} | {Percent(m.LenientAccuracy)} | {Fraction(m.Other.Precision)} | {Fraction(m.Other.Recall)} | {Fraction(m.Other.F1)} | {Millis(m.Latency.P50)} | {Millis(m.Latency.P99)} | {m.Errors} |\n"));

        text.Append("\n### Per category\n\n| category | cases | strict | lenient |\n|---|---:|---:|---:|\n");
        foreach (var category in m.PerCategory)
        {
            text.Append(Invariant($"| {Escape(category.Category)} | {category.Cases} | {Percent(category.StrictAccuracy)} | {Percent(category.LenientAccuracy)} |\n"));
        }

        text.Append("\n### Most frequent confusions\n\n");
        if (m.TopConfusions.Count == 0)
        {
            text.Append("None.\n");
        }
        else
        {
            text.Append("| expected | predicted | count |\n|---|---|---:|\n");
            foreach (var confusion in m.TopConfusions)
            {
                text.Append(Invariant($"| {Escape(confusion.Expected)} | {Escape(confusion.Predicted)} | {confusion.Count} |\n"));
            }
        }
        return text.ToString();
    }

    /// <summary>One row per run plus the macro average of the accuracies: the table for the README.</summary>
    public static string RenderSummary(IReadOnlyList<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.Append("| classifier | data | cases | strict | lenient | follow_up strict | other F1 | p50 | p99 |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var result in results)
        {
            var m = result.Metrics;
            var followUp = m.PerCategory.FirstOrDefault(c => c.Category == "follow_up")?.StrictAccuracy ?? double.NaN;
            text.Append(Invariant($"| {Escape(result.Classifier)} | {Escape(result.DataName)} | {m.Cases} | {Percent(m.StrictAccuracy)} | {Percent(m.LenientAccuracy)} | {Percent(followUp)} | {Fraction(m.Other.F1)} | {Millis(m.Latency.P50)} | {Millis(m.Latency.P99)} |\n"));
        }
        if (results.Count > 1)
        {
            text.Append(Invariant($"| macro | | {results.Sum(r => r.Metrics.Cases)} | {Percent(Mean(results.Select(r => r.Metrics.StrictAccuracy)))} | {Percent(Mean(results.Select(r => r.Metrics.LenientAccuracy)))} | | | | |\n"));
        }
        return text.ToString();
    }

    internal static string Percent(double value) => double.IsNaN(value) ? NotApplicable : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string Fraction(double value) => double.IsNaN(value) ? NotApplicable : value.ToString("0.000", CultureInfo.InvariantCulture);

    internal static string Millis(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static double Mean(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToList();
        return defined.Count == 0 ? double.NaN : defined.Average();
    }

    /// <summary>Route names and file names come from data: keep them from breaking the table.</summary>
    private static string Escape(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
