using System.Collections.Frozen;

namespace ExtProcRouter.Configuration;

/// <summary>The validated, immutable router configuration. Build it with <see cref="RouterConfigLoader"/>.</summary>
public sealed class RouterConfig
{
    private readonly FrozenDictionary<string, ModelConfig> _modelsByName;
    private readonly FrozenDictionary<string, LlmPathConfig> _llmPaths;

    public RouterConfig(ServerConfig server, LimitsConfig limits, IReadOnlyList<ProviderConfig> providers,
        IReadOnlyList<ModelConfig> models, IReadOnlyList<LlmPathConfig> llmPaths)
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
    }

    public ServerConfig Server { get; }
    public LimitsConfig Limits { get; }
    public IReadOnlyList<ProviderConfig> Providers { get; }
    public IReadOnlyList<ModelConfig> Models { get; }

    /// <summary>Paths the sidecar handles; every other path is left to Envoy (the stream is closed cleanly).</summary>
    public IReadOnlyList<LlmPathConfig> LlmPaths { get; }

    /// <summary>Finds a model by slug or alias (exact, case-sensitive, like provider model ids).</summary>
    public bool TryFindModel(string nameOrAlias, out ModelConfig model) =>
        _modelsByName.TryGetValue(nameOrAlias, out model!);

    /// <summary>Finds the LLM API served on <paramref name="path"/> (without query string).</summary>
    public bool TryFindLlmPath(ReadOnlySpan<char> path, out LlmPathConfig llmPath) =>
        _llmPaths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out llmPath!);
}
