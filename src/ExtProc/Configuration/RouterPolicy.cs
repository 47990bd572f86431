namespace ExtProcRouter.Configuration;

/// <summary>One task of a router and the models that may serve it.</summary>
/// <param name="TaskName">The route name the classifier answers and <c>x-model-router-selected-route</c> reports.</param>
/// <param name="Description">What the classifier matches the conversation against.</param>
/// <param name="IsPresetTask">True when the task comes from the router's preset (only then is <see cref="SelectionPreference.Optimal"/> allowed).</param>
/// <param name="Models">The pool, 1 to 3 models; for <see cref="SelectionPreference.Optimal"/> already in the preset's order.</param>
/// <param name="Preference">How the pool is ranked per request.</param>
public sealed record RouterPolicy(
    string TaskName,
    string Description,
    bool IsPresetTask,
    IReadOnlyList<ModelConfig> Models,
    SelectionPreference Preference)
{
    public const int MaxModels = 3;
}
