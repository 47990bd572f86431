using ExtProcRouter.Comparison;

namespace ExtProcRouter.Tests.Comparison;

public sealed class ComparisonCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" edge", "\" edge\"")]
    public void Fields_are_quoted_when_they_need_it(string value, string expected)
    {
        Assert.Equal(expected, ComparisonCsv.Field(value));
    }

    [Fact]
    public void Errors_with_commas_quotes_and_line_breaks_parse_back_unchanged()
    {
        const string error = "502: upstream said \"no\",\r\nthen hung up";
        var router = ChatOutcome.Failed(502, "cheap, model", "code_review", TimeSpan.FromMilliseconds(12.34), error);
        var baseline = new ChatOutcome(200, "frontier", null, TimeSpan.FromMilliseconds(40), null, 100, 20, 0.00045m, "fine", null);
        var report = new ComparisonReport(new ComparisonSettings("r", "frontier"), [new ComparisonRow(1, "id \"1\"", router, baseline, null)], 1, null);

        var records = CsvRecords.Parse(ComparisonCsv.Render(report));

        Assert.Equal(2, records.Count);
        var row = ComparisonCsv.Columns.Zip(records[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("id \"1\"", row["case_id"]);
        Assert.Equal("cheap, model", row["router_model"]);
        Assert.Equal(error, row["router_error"]);
        Assert.Equal("12.3", row["router_latency_ms"]);
        Assert.Equal("0.00045000", row["baseline_cost_usd"]);
        Assert.Equal("100", row["baseline_input_tokens"]);
    }
}
