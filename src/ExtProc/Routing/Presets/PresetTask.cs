namespace ExtProcRouter.Routing.Presets;

/// <summary>A task a preset offers.</summary>
/// <param name="Name">Route name (what <c>x-model-router-selected-route</c> reports).</param>
/// <param name="Description">What the classifier matches conversations against.</param>
/// <param name="OptimalModels">
/// The benchmarked order for <c>prefer: optimal</c>, by slug of the example catalog. A router using the preset
/// without its own pool gets the first three of these that the configuration declares.
/// </param>
public sealed record PresetTask(string Name, string Description, IReadOnlyList<string> OptimalModels);
