namespace ExtProcRouter.Cost;

/// <summary>
/// Prices routed traffic and the same traffic sent to one baseline model. Pure arithmetic: the same tokens are
/// charged at both models' prices (a different model would produce a different number of output tokens; the
/// simulation does not guess that difference).
/// </summary>
public static class CostSimulation
{
    public static CostSimulationResult Run(IEnumerable<SimulatedRequest> requests, IReadOnlyDictionary<string, ModelPrice> prices,
        string baseline, int skipped = 0)
    {
        if (!prices.TryGetValue(baseline, out var baselinePrice))
            throw new CostSimulationException($"baseline model '{baseline}' has no input and output price in the price table");

        var rows = new Dictionary<string, (int Requests, long Input, long Output, decimal Routed, decimal Baseline)>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (request.Task is { } task) tasks[task] = tasks.GetValueOrDefault(task) + 1;
            if (!prices.TryGetValue(request.Model, out var price))
                throw new CostSimulationException($"model '{request.Model}' has no input and output price in the price table");
            rows.TryGetValue(request.Model, out var row);
            rows[request.Model] = (row.Requests + 1, row.Input + request.InputTokens, row.Output + request.OutputTokens,
                row.Routed + price.CostOf(request.InputTokens, request.OutputTokens),
                row.Baseline + baselinePrice.CostOf(request.InputTokens, request.OutputTokens));
        }
        var ordered = rows
            .Select(pair => new ModelCostRow(pair.Key, pair.Value.Requests, pair.Value.Input, pair.Value.Output, pair.Value.Routed, pair.Value.Baseline))
            .OrderByDescending(row => row.RoutedCost)
            .ThenBy(row => row.Model, StringComparer.Ordinal)
            .ToList();
        var taskCounts = tasks.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        return new CostSimulationResult(baseline, ordered, skipped, taskCounts);
    }
}
