using System.Globalization;
using System.Text;

namespace ExtProcRouter.Comparison;

/// <summary>The comparison as markdown: a per-request table, then the totals of both sides and the saving.</summary>
public static class ComparisonMarkdown
{
    public static string Render(ComparisonReport report)
    {
        var settings = report.Settings;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {settings.RouterModel} vs {settings.Baseline}\n\n");
        if (report.Interrupted)
            text.Append(CultureInfo.InvariantCulture, $"**Interrupted**: {report.Rows.Count} of {report.Planned} cases finished; the report covers those.\n\n");
        if (report.JudgeModel is { } judgeModel)
            text.Append(CultureInfo.InvariantCulture, $"Judge: {Cell(judgeModel)}, scores 1-10, each the mean of two position-swapped asks.\n\n");

        text.Append("| # | case | router model | task | ms | TTFT ms | in | out | cost (USD) | status | baseline model | ms | TTFT ms | in | out | cost (USD) | status | judge router | judge baseline |\n");
        text.Append("|---:|---|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
        foreach (var row in report.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Number} | {Cell(row.CaseId)} | {Cell(row.Router.Model)} | {Cell(row.Router.Task)} | ");
            AppendSide(text, row.Router);
            text.Append(CultureInfo.InvariantCulture, $"{Cell(row.Baseline.Model)} | ");
            AppendSide(text, row.Baseline);
            text.Append(CultureInfo.InvariantCulture, $"{ReportValues.Score(row.Judge?.Router)} | {ReportValues.Score(row.Judge?.Baseline)} |\n");
        }

        var totals = report.Totals;
        text.Append(CultureInfo.InvariantCulture, $"\n| total | {settings.RouterModel} | {Cell(settings.Baseline)} |\n|---|---:|---:|\n");
        AppendTotal(text, "requests", totals.Router.Requests.ToString(CultureInfo.InvariantCulture), totals.Baseline.Requests.ToString(CultureInfo.InvariantCulture));
        AppendTotal(text, "errors", totals.Router.Errors.ToString(CultureInfo.InvariantCulture), totals.Baseline.Errors.ToString(CultureInfo.InvariantCulture));
        AppendTotal(text, "mean latency (ms)", ReportValues.Milliseconds(totals.Router.MeanLatency), ReportValues.Milliseconds(totals.Baseline.MeanLatency));
        AppendTotal(text, "p50 latency (ms)", ReportValues.Milliseconds(totals.Router.P50Latency), ReportValues.Milliseconds(totals.Baseline.P50Latency));
        AppendTotal(text, "p95 latency (ms)", ReportValues.Milliseconds(totals.Router.P95Latency), ReportValues.Milliseconds(totals.Baseline.P95Latency));
        if (totals.Router.P50TimeToFirstToken is not null || totals.Baseline.P50TimeToFirstToken is not null)
            AppendTotal(text, "p50 time to first token (ms)", ReportValues.Milliseconds(totals.Router.P50TimeToFirstToken), ReportValues.Milliseconds(totals.Baseline.P50TimeToFirstToken));
        AppendTotal(text, "input tokens", ReportValues.Number(totals.Router.InputTokens), ReportValues.Number(totals.Baseline.InputTokens));
        AppendTotal(text, "output tokens", ReportValues.Number(totals.Router.OutputTokens), ReportValues.Number(totals.Baseline.OutputTokens));
        AppendTotal(text, "total cost (USD)", ReportValues.Usd(totals.Router.Cost), ReportValues.Usd(totals.Baseline.Cost));
        if (report.JudgeModel is not null)
        {
            AppendTotal(text, "judge mean (1-10)",
                string.Create(CultureInfo.InvariantCulture, $"{ReportValues.Score(totals.Router.JudgeMean)} ({totals.Router.Judged} scored)"),
                string.Create(CultureInfo.InvariantCulture, $"{ReportValues.Score(totals.Baseline.JudgeMean)} ({totals.Baseline.Judged} scored)"));
        }
        text.Append('\n');
        text.Append(totals.Savings is { } savings
            ? string.Create(CultureInfo.InvariantCulture,
                $"Routing saves {savings * 100:0.0}% against sending everything to {settings.Baseline} ({totals.PricedPairs} cases priced on both sides).\n")
            : $"No saving to report: no case was priced on both sides, or {settings.Baseline} cost nothing.\n");
        return text.ToString();
    }

    private static void AppendSide(StringBuilder text, ChatOutcome outcome)
    {
        var status = outcome.Error is { } error ? Cell(error) : ReportValues.Status(outcome);
        text.Append(CultureInfo.InvariantCulture,
            $"{ReportValues.Milliseconds(outcome.Latency)} | {ReportValues.Milliseconds(outcome.TimeToFirstToken)} | {ReportValues.Number(outcome.InputTokens)} | {ReportValues.Number(outcome.OutputTokens)} | {ReportValues.Usd(outcome.CostUsd)} | {status} | ");
    }

    private static void AppendTotal(StringBuilder text, string name, string router, string baseline) =>
        text.Append(CultureInfo.InvariantCulture, $"| {name} | {router} | {baseline} |\n");

    /// <summary>A table cell: pipes would end the cell and newlines the row.</summary>
    private static string Cell(string? value) =>
        value is null ? "" : value.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
