namespace ExtProcRouter.Comparison;

/// <summary>Both sides' totals and the saving.</summary>
/// <param name="PricedPairs">Cases where both sides have a cost; the saving is computed over these only, so that a
/// request that failed on one side does not count as free.</param>
/// <param name="Savings">1 - router cost / baseline cost over <paramref name="PricedPairs"/>; null when the baseline cost nothing there.</param>
public sealed record ComparisonTotals(SideTotals Router, SideTotals Baseline, int PricedPairs, decimal? Savings)
{
    public static ComparisonTotals Of(IReadOnlyList<ComparisonRow> rows)
    {
        var router = SideTotals.Of(rows.Select(r => r.Router).ToList(), rows.Select(r => r.Judge?.Router).ToList());
        var baseline = SideTotals.Of(rows.Select(r => r.Baseline).ToList(), rows.Select(r => r.Judge?.Baseline).ToList());
        var paired = rows.Where(r => r.Router.CostUsd is not null && r.Baseline.CostUsd is not null).ToList();
        var routerCost = paired.Sum(r => r.Router.CostUsd!.Value);
        var baselineCost = paired.Sum(r => r.Baseline.CostUsd!.Value);
        return new ComparisonTotals(router, baseline, paired.Count, baselineCost == 0 ? null : 1m - routerCost / baselineCost);
    }
}
