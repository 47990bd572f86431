using System.Text.RegularExpressions;
using ExtProcRouter.Configuration;

namespace ExtProcRouter.Admin;

/// <summary>
/// Checks a router from the API against the running configuration and reports every problem, each naming the
/// offending router, task or model, so a bad edit is refused with a message that says what to fix.
/// </summary>
public static partial class ModelRouterRequestValidator
{
    public const int MaxModelsPerPolicy = 3;
    public const string PreferCheapest = "cheapest";
    public const string PreferFastest = "fastest";
    public const string PreferOptimal = "optimal";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex RouterName();

    public static IReadOnlyList<string> Validate(ModelRouterRequest definition, RouterConfig config)
    {
        var errors = new List<string>();
        var router = definition.Name is { Length: > 0 } n ? $"router '{n}'" : "router";
        if (string.IsNullOrWhiteSpace(definition.Name)) errors.Add("name is required");
        else if (!RouterName().IsMatch(definition.Name)) errors.Add($"{router}: name must match {RouterName()}");

        var tasks = new HashSet<string>(StringComparer.Ordinal);
        var policies = definition.Policies ?? [];
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var taskName = policy?.CustomTask?.Name;
            var where = taskName is { Length: > 0 } ? $"{router} task '{taskName}'" : $"{router} policies[{i}]";
            if (policy is null) { errors.Add($"{where}: policy is null"); continue; }
            if (string.IsNullOrWhiteSpace(taskName)) errors.Add($"{where}: custom_task.name is required");
            else if (!tasks.Add(taskName)) errors.Add($"{where}: duplicate task name");
            if (string.IsNullOrWhiteSpace(policy.CustomTask?.Description))
                errors.Add($"{where}: custom_task.description is required (the classifier matches requests against it)");

            var models = policy.Models ?? [];
            if (models.Count == 0) errors.Add($"{where}: models must list at least one model");
            if (models.Count > MaxModelsPerPolicy) errors.Add($"{where}: a pool has at most {MaxModelsPerPolicy} models, got {models.Count}");
            ValidateModels(models, where, "models", config, errors);

            switch (policy.SelectionPolicy?.Prefer)
            {
                case null or PreferFastest:
                    break;
                case PreferCheapest:
                    if (models.Count > 0 && !models.Any(m => config.TryFindModel(m, out var model) && model.InputPricePerMillionTokens is not null))
                        errors.Add($"{where}: prefer 'cheapest' but no pool model has a price");
                    break;
                case PreferOptimal:
                    errors.Add($"{where}: prefer 'optimal' is only for preset tasks");
                    break;
                case var other:
                    errors.Add($"{where}: selection_policy.prefer '{other}' is not one of cheapest, fastest");
                    break;
            }
        }

        var fallback = definition.FallbackModels ?? [];
        if (fallback.Count == 0) errors.Add($"{router}: fallback_models must list at least one model");
        ValidateModels(fallback, router, "fallback_models", config, errors);
        return errors;
    }

    private static void ValidateModels(IReadOnlyList<string> models, string where, string field, RouterConfig config, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (string.IsNullOrWhiteSpace(model)) errors.Add($"{where}: {field} contains an empty model name");
            else if (!config.TryFindModel(model, out _)) errors.Add($"{where}: {field} model '{model}' is not declared in models");
            else if (!seen.Add(model)) errors.Add($"{where}: {field} lists model '{model}' twice");
        }
    }
}
