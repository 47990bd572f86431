using System.Text;

namespace ExtProcRouter.Comparison;

/// <summary>The per-request table as CSV (RFC 4180: comma-separated, CRLF rows, fields quoted when they need it).</summary>
public static class ComparisonCsv
{
    public static readonly string[] Columns =
    [
        "number", "case_id",
        "router_model", "router_task", "router_status", "router_latency_ms", "router_ttft_ms", "router_input_tokens", "router_output_tokens", "router_cost_usd", "router_error",
        "baseline_model", "baseline_status", "baseline_latency_ms", "baseline_ttft_ms", "baseline_input_tokens", "baseline_output_tokens", "baseline_cost_usd", "baseline_error",
        "judge_router", "judge_baseline",
    ];

    public static string Render(ComparisonReport report)
    {
        var text = new StringBuilder();
        AppendRecord(text, Columns);
        foreach (var row in report.Rows)
        {
            AppendRecord(text,
            [
                row.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), row.CaseId,
                row.Router.Model ?? "", row.Router.Task ?? "", .. Side(row.Router),
                row.Baseline.Model ?? "", .. Side(row.Baseline),
                ReportValues.Score(row.Judge?.Router), ReportValues.Score(row.Judge?.Baseline),
            ]);
        }
        return text.ToString();
    }

    private static string[] Side(ChatOutcome outcome) =>
    [
        ReportValues.Status(outcome), ReportValues.Milliseconds(outcome.Latency), ReportValues.Milliseconds(outcome.TimeToFirstToken),
        ReportValues.Number(outcome.InputTokens), ReportValues.Number(outcome.OutputTokens), ReportValues.Usd(outcome.CostUsd), outcome.Error ?? "",
    ];

    private static void AppendRecord(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Field(fields[i]));
        }
        text.Append("\r\n");
    }

    /// <summary>Quotes a field holding a comma, quote, line break or edge space, doubling its quotes.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
