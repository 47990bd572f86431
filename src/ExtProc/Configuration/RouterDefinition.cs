using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Configuration;

/// <summary>A validated router: what <c>"model": "router:&lt;Name&gt;"</c> resolves to.</summary>
public sealed class RouterDefinition
{
    public RouterDefinition(string name, string? description, string? preset,
        IReadOnlyList<RouterPolicy> policies, IReadOnlyList<ModelConfig> fallbackModels)
    {
        Name = name;
        Description = description;
        Preset = preset;
        Policies = policies;
        FallbackModels = fallbackModels;
        // Built once per config snapshot so that requests hand the classifier a ready list.
        Routes = policies.Select(p => new RouteDescription(p.TaskName, p.Description)).ToArray();
    }

    public string Name { get; }
    public string? Description { get; }

    /// <summary>The preset the router was created from, if any.</summary>
    public string? Preset { get; }

    public IReadOnlyList<RouterPolicy> Policies { get; }

    /// <summary>Serve requests matching no task, and requests whose task models are all unavailable (in order).</summary>
    public IReadOnlyList<ModelConfig> FallbackModels { get; }

    /// <summary>The policies' tasks as the classifier sees them, in policy order.</summary>
    public IReadOnlyList<RouteDescription> Routes { get; }

    public RouterPolicy? FindPolicy(string taskName)
    {
        foreach (var policy in Policies)
        {
            if (string.Equals(policy.TaskName, taskName, StringComparison.Ordinal)) return policy;
        }
        return null;
    }
}
