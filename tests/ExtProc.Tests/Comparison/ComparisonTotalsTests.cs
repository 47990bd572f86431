using ExtProcRouter.Comparison;

namespace ExtProcRouter.Tests.Comparison;

public sealed class ComparisonTotalsTests
{
    private static ChatOutcome Ok(double milliseconds, long input, long output, decimal? cost) =>
        new(200, "m", null, TimeSpan.FromMilliseconds(milliseconds), null, input, output, cost, "answer", null);

    [Fact]
    public void Latency_percentiles_cover_successful_requests_and_savings_cover_pairs_priced_on_both_sides()
    {
        var failed = ChatOutcome.Failed(503, null, null, TimeSpan.FromMilliseconds(1), "503: no model");
        var rows = new List<ComparisonRow>
        {
            new(1, "a", Ok(10, 100, 10, 0.001m), Ok(30, 100, 10, 0.004m), new JudgeVerdict(8, 6)),
            new(2, "b", Ok(20, 100, 10, 0.002m), Ok(40, 100, 10, 0.004m), new JudgeVerdict(null, 7)),
            new(3, "c", failed, Ok(50, 100, 10, 0.004m), null),
            new(4, "d", Ok(40, 100, 10, null), Ok(60, 100, 10, 0.004m), null),
        };

        var totals = ComparisonTotals.Of(rows);

        Assert.Equal(4, totals.Router.Requests);
        Assert.Equal(1, totals.Router.Errors);
        // Router successes 10, 20, 40 ms: mean 23.33, nearest-rank p50 20, p95 40; the failed 1 ms is left out.
        Assert.Equal(20, totals.Router.P50Latency!.Value.TotalMilliseconds, 3);
        Assert.Equal(40, totals.Router.P95Latency!.Value.TotalMilliseconds, 3);
        Assert.Equal(23.333, totals.Router.MeanLatency!.Value.TotalMilliseconds, 3);
        Assert.Equal(300, totals.Router.InputTokens);
        Assert.Equal(0.003m, totals.Router.Cost);
        Assert.Equal(0.016m, totals.Baseline.Cost);
        // Priced on both sides: a and b only, 0.003 vs 0.008.
        Assert.Equal(2, totals.PricedPairs);
        Assert.Equal(0.625m, totals.Savings);
        Assert.Equal(8.0, totals.Router.JudgeMean);
        Assert.Equal(1, totals.Router.Judged);
        Assert.Equal(6.5, totals.Baseline.JudgeMean);
    }

    [Fact]
    public void A_free_baseline_has_no_saving()
    {
        var totals = ComparisonTotals.Of([new ComparisonRow(1, "a", Ok(1, 1, 1, 0.1m), Ok(1, 1, 1, 0m), null)]);

        Assert.Null(totals.Savings);
    }
}
