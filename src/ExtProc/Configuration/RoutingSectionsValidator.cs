using System.Text.RegularExpressions;
using ExtProcRouter.IntentModel;
using ExtProcRouter.Routing.Presets;

namespace ExtProcRouter.Configuration;

/// <summary>
/// Checks the routing sections of router.yaml (<c>intent_model</c>, <c>availability</c>, <c>metric_sources</c>,
/// <c>model_aliases</c>, <c>routers</c>); every message names the router, task, model or alias it is about.
/// </summary>
public static partial class RoutingSectionsValidator
{
    public const string FallbackRoute = "fallback";

    /// <summary>About 270 MB per loaded classifier at ~2.7 KiB an entry; more would be a typo rather than a plan.</summary>
    public const int MaxConversationCacheEntries = 100_000;

    public static void Validate(RouterConfigDocument document, List<string> errors)
    {
        var models = ModelIndex(document.Models);
        ValidateIntentModel(document.IntentModel, errors);
        ValidateAvailability(document.Availability, errors);
        ValidateMetricSources(document.MetricSources, errors);
        ValidateModelAliases(document.ModelAliases, models, errors);
        ValidateRouters(document.Routers, document.MetricSources, models, errors);
    }

    /// <summary>Every slug and alias declared under <c>models</c>, mapped to the model's section.</summary>
    private static Dictionary<string, RouterConfigDocument.ModelSection> ModelIndex(List<RouterConfigDocument.ModelSection>? models)
    {
        var index = new Dictionary<string, RouterConfigDocument.ModelSection>(StringComparer.Ordinal);
        foreach (var model in models ?? [])
        {
            if (!string.IsNullOrWhiteSpace(model.Slug)) index.TryAdd(model.Slug, model);
            foreach (var alias in model.Aliases ?? [])
            {
                if (!string.IsNullOrWhiteSpace(alias)) index.TryAdd(alias, model);
            }
        }
        return index;
    }

    private static void ValidateIntentModel(RouterConfigDocument.IntentModelSection? intentModel, List<string> errors)
    {
        if (intentModel?.Classifier is { } classifier && !IntentModelConfig.KnownClassifiers.Contains(classifier))
            errors.Add($"intent_model.classifier: '{classifier}' is not one of {string.Join(", ", IntentModelConfig.KnownClassifiers)}");
        if (intentModel?.Classifier == IntentModelConfig.Remote && intentModel.Remote is null)
            errors.Add("intent_model.classifier: 'remote' needs an intent_model.remote section (endpoint, model)");
        if (intentModel?.ConversationCacheEntries is < 0 or > MaxConversationCacheEntries)
            errors.Add($"intent_model.conversation_cache_entries: {intentModel.ConversationCacheEntries} is not between 0 (off) and {MaxConversationCacheEntries}");
        if (intentModel?.Remote is not { } remote) return;
        if (!Uri.TryCreate(remote.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            errors.Add($"intent_model.remote.endpoint: '{remote.Endpoint}' is not an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(remote.Model))
            errors.Add("intent_model.remote.model: is required");
        if (!RemoteClassifierConfig.TryParseFormat(remote.Format, out _))
            errors.Add($"intent_model.remote.format: '{remote.Format}' is not one of {RemoteClassifierConfig.ArchRouterFormat}, {RemoteClassifierConfig.PlanoOrchestratorFormat}");
        CheckDuration(remote.Timeout, "intent_model.remote.timeout", errors);
    }

    private static void ValidateAvailability(RouterConfigDocument.AvailabilitySection? availability, List<string> errors)
    {
        if (availability is null) return;
        var cooldown = CheckDuration(availability.Cooldown, "availability.cooldown", errors);
        var max = CheckDuration(availability.MaxCooldown, "availability.max_cooldown", errors);
        if (cooldown is { } c && max is { } m && m < c)
            errors.Add($"availability.max_cooldown: {availability.MaxCooldown} is shorter than availability.cooldown {availability.Cooldown}");
    }

    private static void ValidateMetricSources(RouterConfigDocument.MetricSourcesSection? sources, List<string> errors)
    {
        if (sources is null) return;
        if (sources.PriceCatalog is { } catalog)
        {
            CheckUrl(catalog.Url, "metric_sources.price_catalog.url", errors);
            if (!PriceCatalogFormatNames.TryParse(catalog.Format, out _))
                errors.Add($"metric_sources.price_catalog.format: '{catalog.Format}' is not one of {PriceCatalogFormatNames.DigitalOcean}, {PriceCatalogFormatNames.ModelsDev}");
            CheckDuration(catalog.RefreshInterval, "metric_sources.price_catalog.refresh_interval", errors);
        }
        if (sources.Prometheus is { } prometheus)
        {
            CheckUrl(prometheus.Url, "metric_sources.prometheus.url", errors);
            if (string.IsNullOrWhiteSpace(prometheus.Query))
                errors.Add("metric_sources.prometheus.query: an instant query returning seconds per model_name label is required");
            CheckDuration(prometheus.RefreshInterval, "metric_sources.prometheus.refresh_interval", errors);
        }
        if (sources.MeasuredTtft?.Smoothing is { } smoothing && !(smoothing > 0 && smoothing <= 1))
            errors.Add($"metric_sources.measured_ttft.smoothing: {smoothing} must be in (0, 1]");
    }

    private static void ValidateModelAliases(Dictionary<string, string>? aliases,
        Dictionary<string, RouterConfigDocument.ModelSection> models, List<string> errors)
    {
        foreach (var (catalogName, target) in aliases ?? [])
        {
            if (string.IsNullOrWhiteSpace(catalogName)) errors.Add("model_aliases: an alias name is empty");
            else if (string.IsNullOrWhiteSpace(target) || !models.ContainsKey(target))
                errors.Add($"model_aliases '{catalogName}': points to '{target}', which is not a model slug or alias under models");
        }
    }

    private static void ValidateRouters(List<RouterConfigDocument.RouterSection>? routers,
        RouterConfigDocument.MetricSourcesSection? sources,
        Dictionary<string, RouterConfigDocument.ModelSection> models, List<string> errors)
    {
        if (routers is null) return;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routers.Count; i++)
        {
            var router = routers[i];
            var where = router.Name is { Length: > 0 } n ? $"routers[{i}] '{n}'" : $"routers[{i}]";
            if (string.IsNullOrWhiteSpace(router.Name)) errors.Add($"{where}: name is required");
            else if (!RouterName().IsMatch(router.Name)) errors.Add($"{where}: name must match {RouterName()}");
            else if (!names.Add(router.Name)) errors.Add($"{where}: duplicate router name '{router.Name}'");
            ValidateRouter(router, where, sources, models, errors);
        }
    }

    private static void ValidateRouter(RouterConfigDocument.RouterSection router, string where,
        RouterConfigDocument.MetricSourcesSection? sources,
        Dictionary<string, RouterConfigDocument.ModelSection> models, List<string> errors)
    {
        RouterPreset? preset = null;
        if (router.Preset is { } presetName)
        {
            preset = RouterPresets.Find(presetName);
            if (preset is null)
                errors.Add($"{where}: preset '{presetName}' is not one of {string.Join(", ", RouterPresets.All.Select(p => p.Name))}");
        }

        if (router.Policies is null || router.Policies.Count == 0)
        {
            if (router.Preset is null) errors.Add($"{where}: policies are required (or name a preset)");
            else if (preset is not null)
            {
                foreach (var task in preset.Tasks)
                {
                    if (!task.OptimalModels.Any(models.ContainsKey))
                        errors.Add($"{where} task '{task.Name}': none of the preset's models ({string.Join(", ", task.OptimalModels)}) is declared under models; list policies with your own models");
                }
            }
        }
        else
        {
            var taskNames = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < router.Policies.Count; p++)
                ValidatePolicy(router.Policies[p], $"{where} policies[{p}]", preset, router.Preset, sources, models, taskNames, errors);
        }

        if (router.FallbackModels is null || router.FallbackModels.Count == 0)
            errors.Add($"{where}: fallback_models needs at least one model");
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var model in router.FallbackModels)
            {
                if (string.IsNullOrWhiteSpace(model) || !models.ContainsKey(model))
                    errors.Add($"{where}: fallback model '{model}' is not declared under models");
                else if (!seen.Add(models[model].Slug ?? model))
                    errors.Add($"{where}: fallback model '{model}' is listed twice");
            }
        }
    }

    private static void ValidatePolicy(RouterConfigDocument.PolicySection policy, string where, RouterPreset? preset,
        string? presetName, RouterConfigDocument.MetricSourcesSection? sources,
        Dictionary<string, RouterConfigDocument.ModelSection> models, HashSet<string> taskNames, List<string> errors)
    {
        string? taskName = null;
        PresetTask? presetTask = null;
        if (policy.CustomTask is not null && policy.Task is not null)
            errors.Add($"{where}: set either custom_task or task, not both");
        else if (policy.CustomTask is { } custom)
        {
            taskName = custom.Name;
            var label = custom.Name is { Length: > 0 } ? $"{where} task '{custom.Name}'" : where;
            if (string.IsNullOrWhiteSpace(custom.Name)) errors.Add($"{where}: custom_task.name is required");
            else if (!TaskName().IsMatch(custom.Name)) errors.Add($"{label}: name must match {TaskName()}");
            if (string.IsNullOrWhiteSpace(custom.Description)) errors.Add($"{label}: custom_task.description is required (the classifier matches against it)");
            where = label;
        }
        else if (policy.Task is { } presetTaskName)
        {
            taskName = presetTaskName;
            where = $"{where} task '{presetTaskName}'";
            if (presetName is null) errors.Add($"{where}: a preset task needs the router's preset (or use custom_task)");
            else if (preset is not null)
            {
                presetTask = preset.FindTask(presetTaskName);
                if (presetTask is null)
                    errors.Add($"{where}: preset '{preset.Name}' has no such task (it has {string.Join(", ", preset.Tasks.Select(t => t.Name))})");
            }
        }
        else errors.Add($"{where}: custom_task or task is required");

        if (taskName is { Length: > 0 })
        {
            if (taskName is IntentDecision.Other or FallbackRoute)
                errors.Add($"{where}: the task name '{taskName}' is reserved");
            else if (!taskNames.Add(taskName))
                errors.Add($"{where}: duplicate task name '{taskName}'");
        }

        // A preset task without models uses the preset's pool (first three declared models of its order).
        var pool = policy.Models ?? (presetTask is null ? [] : presetTask.OptimalModels.Where(models.ContainsKey).Take(3).ToList());
        if (pool.Count == 0) errors.Add($"{where}: models needs at least one model");
        if (pool.Count > RouterPolicy.MaxModels)
            errors.Add($"{where}: {pool.Count} models in the pool; at most {RouterPolicy.MaxModels} are allowed");
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in pool)
        {
            if (string.IsNullOrWhiteSpace(model) || !models.ContainsKey(model))
                errors.Add($"{where}: model '{model}' is not declared under models");
            else if (!distinct.Add(models[model].Slug ?? model))
                errors.Add($"{where}: model '{model}' is listed twice");
        }

        if (!SelectionPreferenceNames.TryParse(policy.SelectionPolicy?.Prefer, out var preference))
        {
            errors.Add($"{where}: selection_policy.prefer '{policy.SelectionPolicy?.Prefer}' is not one of cheapest, fastest, optimal (leave selection_policy out for list order)");
            return;
        }
        if (policy.SelectionPolicy is not null && policy.SelectionPolicy.Prefer is null)
            errors.Add($"{where}: selection_policy needs prefer (leave selection_policy out for list order)");
        switch (preference)
        {
            case SelectionPreference.Optimal when policy.Task is null:
                errors.Add($"{where}: prefer: optimal is only for preset tasks");
                break;
            case SelectionPreference.Cheapest when sources?.PriceCatalog is null
                && !pool.Any(m => models.TryGetValue(m, out var section) && section.InputPricePerMillion is not null && section.OutputPricePerMillion is not null):
                errors.Add($"{where}: prefer: cheapest, but no pool model has input and output prices and metric_sources has no price_catalog");
                break;
            case SelectionPreference.Fastest when sources?.Prometheus is null && sources?.MeasuredTtft is null:
                errors.Add($"{where}: prefer: fastest needs a latency source (metric_sources.prometheus or metric_sources.measured_ttft)");
                break;
        }
    }

    private static TimeSpan? CheckDuration(string? text, string where, List<string> errors)
    {
        if (text is null) return null;
        if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        errors.Add($"{where}: '{text}' is not a positive duration such as 500ms, 30s or 5m");
        return null;
    }

    internal static void CheckUrl(string? text, string where, List<string> errors)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{where}: '{text}' is not an absolute http(s) URL");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex RouterName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex TaskName();
}
