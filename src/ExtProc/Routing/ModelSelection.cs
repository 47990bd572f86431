using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing;

/// <summary>The model chosen for a request.</summary>
/// <param name="Model">The model that will serve the request (its provider included).</param>
/// <param name="SelectedRoute">For <c>router:</c> requests, the task that matched or <c>fallback</c>; null for a concrete model.</param>
/// <param name="ClassificationLatency">How long the intent classifier took, when it ran.</param>
public sealed record ModelSelection(ModelConfig Model, string? SelectedRoute = null, TimeSpan? ClassificationLatency = null);
