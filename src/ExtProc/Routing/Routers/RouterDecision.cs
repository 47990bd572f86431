using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Routing.Routers;

/// <summary>
/// Everything a router decided for one request: what serves it, and why (the classifier's answer and the task it
/// matched), so a dry run can show the same decision a real request gets.
/// </summary>
/// <param name="Router">The router that decided.</param>
/// <param name="Model">The model that serves the request.</param>
/// <param name="SelectedRoute">The task that serves it, or <see cref="RoutingSectionsValidator.FallbackRoute"/>.</param>
/// <param name="MatchedPolicy">The task the classifier matched, even when its whole pool was unavailable; null when none matched.</param>
/// <param name="Intent">The classifier's answer; null when it did not run (no tasks, empty conversation) or failed.</param>
/// <param name="ClassificationLatency">How long the classifier took, when it answered.</param>
public readonly record struct RouterDecision(
    RouterDefinition Router,
    ModelConfig Model,
    string SelectedRoute,
    RouterPolicy? MatchedPolicy,
    IntentDecision? Intent,
    TimeSpan? ClassificationLatency)
{
    public bool IsFallback => string.Equals(SelectedRoute, RoutingSectionsValidator.FallbackRoute, StringComparison.Ordinal);
}
