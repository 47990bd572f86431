using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;

namespace ExtProcRouter.Cost;

/// <summary>
/// Which model a router serves for each task when every model is available: the first of the task's pool ranked by
/// its selection policy (the same ranking the sidecar uses, on configured prices; <c>fastest</c> without latency
/// data keeps list order), and the first fallback model for <c>other</c> and for tasks the router does not have.
/// </summary>
public sealed class RouterTaskModels
{
    private readonly Dictionary<string, string> _byTask = new(StringComparer.Ordinal);

    public RouterTaskModels(RouterDefinition router, IModelMetrics? metrics = null)
    {
        Router = router;
        metrics ??= new LiveModelMetrics(null, null, null);
        foreach (var policy in router.Policies)
        {
            if (PoolRanker.Rank(policy, metrics) is [var first, ..]) _byTask[policy.TaskName] = first.Slug;
        }
        FallbackModel = router.FallbackModels.Count > 0
            ? router.FallbackModels[0].Slug
            : throw new CostSimulationException($"router '{router.Name}' has no fallback model");
    }

    public RouterDefinition Router { get; }

    public string FallbackModel { get; }

    public string ModelFor(string task) => _byTask.TryGetValue(task, out var model) ? model : FallbackModel;
}
