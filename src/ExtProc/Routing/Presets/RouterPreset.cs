namespace ExtProcRouter.Routing.Presets;

/// <summary>A ready-made router: a set of tasks with descriptions and model orders.</summary>
public sealed record RouterPreset(string Name, string Description, IReadOnlyList<PresetTask> Tasks)
{
    public PresetTask? FindTask(string name)
    {
        foreach (var task in Tasks)
        {
            if (string.Equals(task.Name, name, StringComparison.Ordinal)) return task;
        }
        return null;
    }
}
