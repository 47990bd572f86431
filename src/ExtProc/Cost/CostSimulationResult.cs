namespace ExtProcRouter.Cost;

/// <summary>Routed traffic of one model, and what the same requests would cost on the baseline model.</summary>
public sealed record ModelCostRow(string Model, int Requests, long InputTokens, long OutputTokens, decimal RoutedCost, decimal BaselineCost);

/// <summary>The cost of routed traffic against sending every request to one baseline model.</summary>
/// <param name="Rows">Per routed model, most expensive first.</param>
/// <param name="Skipped">Input records without a model or token counts (rejected or incomplete requests).</param>
/// <param name="Tasks">Requests per routed task, most frequent first; empty when the decisions carried no task.</param>
public sealed record CostSimulationResult(string Baseline, IReadOnlyList<ModelCostRow> Rows, int Skipped,
    IReadOnlyList<KeyValuePair<string, int>>? Tasks = null)
{
    public int Requests => Rows.Sum(r => r.Requests);
    public decimal RoutedCost => Rows.Sum(r => r.RoutedCost);
    public decimal BaselineCost => Rows.Sum(r => r.BaselineCost);

    /// <summary>Share of the baseline's cost saved by routing (negative when routing costs more); null for a free baseline.</summary>
    public decimal? Savings => BaselineCost == 0 ? null : 1m - RoutedCost / BaselineCost;
}
