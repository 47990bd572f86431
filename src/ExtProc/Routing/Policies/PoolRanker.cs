using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.Routing.Policies;

/// <summary>
/// Orders a task's pool by its selection policy and picks the first available model. Pools have at most three
/// models, so this is one allocation-free pass: the key is (has data, value, list position), which also makes
/// models without data rank after those with data, in declared order.
/// </summary>
public static class PoolRanker
{
    /// <summary>The best available model of the pool, or null when every model is cooling down.</summary>
    public static ModelConfig? PickAvailable(RouterPolicy policy, IModelMetrics metrics, IModelAvailability availability)
    {
        var models = policy.Models;
        ModelConfig? best = null;
        var bestHasData = false;
        var bestValue = 0.0;
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (!availability.IsAvailable(model.Slug)) continue;
            var hasData = TryKey(policy.Preference, model, i, metrics, out var value);
            // Strictly better only: on a tie the earlier model (already held) wins.
            if (best is null || (hasData && !bestHasData) || (hasData == bestHasData && hasData && value < bestValue))
            {
                best = model;
                bestHasData = hasData;
                bestValue = value;
            }
        }
        return best;
    }

    /// <summary>The whole pool in ranked order, ignoring availability (for reports, tests and the control plane).</summary>
    public static IReadOnlyList<ModelConfig> Rank(RouterPolicy policy, IModelMetrics metrics)
    {
        var keyed = new (bool HasData, double Value, int Index, ModelConfig Model)[policy.Models.Count];
        for (var i = 0; i < keyed.Length; i++)
        {
            var hasData = TryKey(policy.Preference, policy.Models[i], i, metrics, out var value);
            keyed[i] = (hasData, value, i, policy.Models[i]);
        }
        Array.Sort(keyed, (a, b) => a.HasData != b.HasData ? (a.HasData ? -1 : 1)
            : a.HasData && a.Value != b.Value ? a.Value.CompareTo(b.Value)
            : a.Index.CompareTo(b.Index));
        return Array.ConvertAll(keyed, k => k.Model);
    }

    private static bool TryKey(SelectionPreference preference, ModelConfig model, int index, IModelMetrics metrics, out double value)
    {
        switch (preference)
        {
            case SelectionPreference.Cheapest:
                var known = metrics.TryGetPrice(model, out var price);
                value = (double)price;
                return known;
            case SelectionPreference.Fastest:
                return metrics.TryGetLatency(model, out value);
            default:
                // Manual and optimal: the list order, already the preset's order for optimal.
                value = index;
                return true;
        }
    }
}
