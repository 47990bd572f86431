using ExtProcRouter.Routing.Presets;

namespace ExtProcRouter.Configuration;

/// <summary>Turns a validated router section into a <see cref="RouterDefinition"/> (presets expanded, names resolved).</summary>
internal static class RouterBuilder
{
    public static RouterDefinition Build(RouterConfigDocument.RouterSection section, IReadOnlyDictionary<string, ModelConfig> models)
    {
        var preset = RouterPresets.Find(section.Preset);
        var policies = new List<RouterPolicy>();
        if (section.Policies is { Count: > 0 })
        {
            foreach (var policy in section.Policies) policies.Add(BuildPolicy(policy, preset, models));
        }
        else if (preset is not null)
        {
            foreach (var task in preset.Tasks)
                policies.Add(new RouterPolicy(task.Name, task.Description, true, PresetPool(task, models), SelectionPreference.Optimal));
        }
        var fallback = section.FallbackModels!.Select(name => models[name]).ToArray();
        return new RouterDefinition(section.Name!, section.Description, preset?.Name, policies, fallback);
    }

    private static RouterPolicy BuildPolicy(RouterConfigDocument.PolicySection section, RouterPreset? preset,
        IReadOnlyDictionary<string, ModelConfig> models)
    {
        SelectionPreferenceNames.TryParse(section.SelectionPolicy?.Prefer, out var preference);
        if (section.CustomTask is { } custom)
        {
            var pool = section.Models!.Select(name => models[name]).ToArray();
            return new RouterPolicy(custom.Name!, custom.Description!, false, pool, preference);
        }
        var task = preset!.FindTask(section.Task!)!;
        var chosen = section.Models is null ? PresetPool(task, models) : section.Models.Select(name => models[name]).ToArray();
        if (preference == SelectionPreference.Optimal) chosen = InOptimalOrder(chosen, task);
        return new RouterPolicy(task.Name, task.Description, true, chosen, preference);
    }

    private static ModelConfig[] PresetPool(PresetTask task, IReadOnlyDictionary<string, ModelConfig> models) =>
        task.OptimalModels.Where(models.ContainsKey).Take(RouterPolicy.MaxModels).Select(name => models[name]).ToArray();

    /// <summary>Pool models the preset ranks come in its order; others keep their list order after them.</summary>
    private static ModelConfig[] InOptimalOrder(ModelConfig[] pool, PresetTask task)
    {
        int Rank(ModelConfig model)
        {
            for (var i = 0; i < task.OptimalModels.Count; i++)
            {
                var name = task.OptimalModels[i];
                if (name == model.Slug || model.Aliases.Contains(name)) return i;
            }
            return int.MaxValue;
        }
        return pool.Select((model, index) => (model, index)).OrderBy(p => Rank(p.model)).ThenBy(p => p.index).Select(p => p.model).ToArray();
    }
}
