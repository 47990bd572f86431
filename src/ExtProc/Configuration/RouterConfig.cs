using System.Collections.Frozen;

namespace ExtProcRouter.Configuration;

/// <summary>The validated, immutable router configuration. Build it with <see cref="RouterConfigLoader"/>.</summary>
public sealed class RouterConfig
{
    private readonly FrozenDictionary<string, ModelConfig> _modelsByName;
    private readonly FrozenDictionary<string, LlmPathConfig> _llmPaths;
    private readonly FrozenDictionary<string, RouterDefinition> _routersByName;
    private readonly FrozenDictionary<string, ModelConfig> _catalogNames;

    public RouterConfig(ServerConfig server, LimitsConfig limits, IReadOnlyList<ProviderConfig> providers,
        IReadOnlyList<ModelConfig> models, IReadOnlyList<LlmPathConfig> llmPaths,
        IReadOnlyList<RouterDefinition>? routers = null, RoutingSettings? routing = null)
    {
        Server = server;
        Limits = limits;
        Providers = providers;
        Models = models;
        LlmPaths = llmPaths;
        var byName = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            byName[model.Slug] = model;
            foreach (var alias in model.Aliases) byName[alias] = model;
        }
        _modelsByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _llmPaths = llmPaths.ToFrozenDictionary(p => p.Path, StringComparer.Ordinal);

        Routers = routers ?? [];
        _routersByName = Routers.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        Routing = routing ?? RoutingSettings.Default;
        // Catalog names resolve through model_aliases first, then through the models' own slugs and aliases.
        var catalog = new Dictionary<string, ModelConfig>(_modelsByName, StringComparer.Ordinal);
        foreach (var (catalogName, target) in Routing.ModelAliases)
        {
            if (_modelsByName.TryGetValue(target, out var model)) catalog[catalogName] = model;
        }
        _catalogNames = catalog.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ServerConfig Server { get; }
    public LimitsConfig Limits { get; }
    public IReadOnlyList<ProviderConfig> Providers { get; }
    public IReadOnlyList<ModelConfig> Models { get; }

    /// <summary>Paths the sidecar handles; every other path is left to Envoy (the stream is closed cleanly).</summary>
    public IReadOnlyList<LlmPathConfig> LlmPaths { get; }

    /// <summary>The routers <c>router:&lt;name&gt;</c> requests may name, in file order.</summary>
    public IReadOnlyList<RouterDefinition> Routers { get; }

    /// <summary>Classifier, availability, metric sources and catalog aliases.</summary>
    public RoutingSettings Routing { get; }

    /// <summary>Finds a router by name (without the <c>router:</c> prefix).</summary>
    public bool TryFindRouter(string name, out RouterDefinition router) => _routersByName.TryGetValue(name, out router!);

    /// <summary>Finds a router by name given as a span, e.g. the tail of a <c>router:</c> model value.</summary>
    public bool TryFindRouter(ReadOnlySpan<char> name, out RouterDefinition router) =>
        _routersByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out router!);

    /// <summary>Maps a name used by a price catalog or a Prometheus label to a configured model (model_aliases, slugs, aliases).</summary>
    public bool TryFindCatalogModel(string catalogName, out ModelConfig model) =>
        _catalogNames.TryGetValue(catalogName, out model!);

    /// <summary>Finds a model by slug or alias (exact, case-sensitive, like provider model ids).</summary>
    public bool TryFindModel(string nameOrAlias, out ModelConfig model) =>
        _modelsByName.TryGetValue(nameOrAlias, out model!);

    /// <summary>Finds the LLM API served on <paramref name="path"/> (without query string).</summary>
    public bool TryFindLlmPath(ReadOnlySpan<char> path, out LlmPathConfig llmPath) =>
        _llmPaths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out llmPath!);
}
