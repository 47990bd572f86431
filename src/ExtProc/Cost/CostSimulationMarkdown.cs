using System.Globalization;
using System.Text;

namespace ExtProcRouter.Cost;

/// <summary>The simulation as a markdown table: one row per routed model, then the total and the saving.</summary>
public static class CostSimulationMarkdown
{
    public static string Render(CostSimulationResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| routed model | requests | share | input tokens | output tokens | routed cost (USD) | all on {result.Baseline} (USD) |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|\n");
        var total = Math.Max(1, result.Requests);
        foreach (var row in result.Rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Model} | {row.Requests} | {100.0 * row.Requests / total:0.0}% | {row.InputTokens} | {row.OutputTokens} | {Money(row.RoutedCost)} | {Money(row.BaselineCost)} |\n");
        }
        text.Append(CultureInfo.InvariantCulture,
            $"| **total** | {result.Requests} | 100.0% | {result.Rows.Sum(r => r.InputTokens)} | {result.Rows.Sum(r => r.OutputTokens)} | {Money(result.RoutedCost)} | {Money(result.BaselineCost)} |\n");
        text.Append('\n');
        text.Append(result.Savings is { } savings
            ? string.Create(CultureInfo.InvariantCulture, $"Routing saves {savings * 100:0.0}% against sending everything to {result.Baseline}.\n")
            : $"{result.Baseline} is free: no saving to report.\n");
        if (result.Tasks is { Count: > 0 } tasks)
        {
            // Which decisions the cost came from: a saving made by sending most traffic to the fallback model reads differently.
            text.Append("Decisions by task: ");
            text.AppendJoin(", ", tasks.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value} ({100.0 * pair.Value / total:0.0}%)")));
            text.Append(".\n");
        }
        if (result.Skipped > 0)
            text.Append(CultureInfo.InvariantCulture, $"{result.Skipped} records without a model or token counts were skipped.\n");
        return text.ToString();
    }

    private static string Money(decimal usd) => usd.ToString("0.000000", CultureInfo.InvariantCulture);
}
