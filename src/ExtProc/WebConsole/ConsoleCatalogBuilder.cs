using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.WebConsole;

/// <summary>Describes the running configuration (file and API routers merged) for the Playground and Routers pages.</summary>
public static class ConsoleCatalogBuilder
{
    public const string FileSource = "file";
    public const string ApiSource = "api";

    /// <param name="apiRouters">The control plane's routers (to tell them apart and give their ids); empty without a control plane.</param>
    public static ConsoleCatalog Build(RouterConfig config, IReadOnlyList<StoredRouter> apiRouters, IModelMetrics metrics, IModelAvailability availability)
    {
        var apiByName = apiRouters.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var routers = config.Routers
            .Select(r =>
            {
                var api = r.Preset is null && apiByName.TryGetValue(r.Name, out var stored) ? stored : null;
                return new ConsoleRouter(r.Name, r.Description, api is null ? FileSource : ApiSource, api?.Uuid, r.Preset,
                    r.Policies.Select(p => new ConsoleTask(p.TaskName, p.Description, p.Models.Select(m => m.Slug).ToArray(),
                        SelectionPreferenceNames.ToText(p.Preference) ?? "manual")).ToArray(),
                    r.FallbackModels.Select(m => m.Slug).ToArray());
            })
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToArray();
        var models = config.Models
            .Select(m => new ConsoleModel(m.Slug, m.Provider.Name, m.InputPricePerMillionTokens, m.OutputPricePerMillionTokens,
                metrics.TryGetPrice(m, out var price) ? price : null,
                metrics.TryGetLatency(m, out var seconds) ? Math.Round(seconds * 1000, 3) : null,
                !m.Provider.IsMissingKey && availability.IsAvailable(m.Slug)))
            .ToArray();
        return new ConsoleCatalog(routers, models, config.Server.FrontDoorUrl is not null);
    }
}
