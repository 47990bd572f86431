using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Translation;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ExtProcRouter.Configuration;

/// <summary>
/// Reads router.yaml into a validated <see cref="RouterConfig"/>. Provider keys are read from the environment
/// here, once; a missing key is not an error (the example config names several providers) but requests for
/// that provider are refused with a message naming the variable.
/// </summary>
public static class RouterConfigLoader
{
    public const string DefaultTcpHost = "127.0.0.1";
    public const int DefaultTcpPort = 50051;

    /// <summary>The LLM APIs handled without any <c>llm_paths</c> entry.</summary>
    public static readonly IReadOnlyList<LlmPathConfig> BuiltInLlmPaths =
    [
        new("/v1/chat/completions", ApiFormat.OpenAIChat),
        new("/v1/messages", ApiFormat.AnthropicMessages),
    ];

    public static RouterConfig LoadFile(string path, Func<string, string?> getEnvironmentVariable)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException([$"{path}: {exception.Message}"]);
        }
        return Load(yaml, getEnvironmentVariable);
    }

    /// <exception cref="ConfigurationException">The YAML is malformed or the configuration is invalid.</exception>
    public static RouterConfig Load(string yaml, Func<string, string?> getEnvironmentVariable) =>
        Load(Parse(yaml), getEnvironmentVariable);

    /// <summary>Validates and builds a parsed (or programmatically edited, e.g. by the control plane) document.</summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static RouterConfig Load(RouterConfigDocument document, Func<string, string?> getEnvironmentVariable)
    {
        var errors = RouterConfigValidator.Validate(document);
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return Build(document, getEnvironmentVariable);
    }

    public static RouterConfigDocument Parse(string yaml)
    {
        // Unknown keys fail the load (YamlDotNet's default): a misspelt key must not silently fall back to a default.
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        try
        {
            return deserializer.Deserialize<RouterConfigDocument?>(yaml) ?? new RouterConfigDocument();
        }
        catch (YamlException exception)
        {
            var reason = exception.InnerException?.Message ?? exception.Message;
            throw new ConfigurationException([$"line {exception.Start.Line}, column {exception.Start.Column}: {reason}"]);
        }
    }

    private static RouterConfig Build(RouterConfigDocument document, Func<string, string?> getEnvironmentVariable)
    {
        var server = document.Server;
        var timeout = server?.MessageTimeout is { } text && DurationText.TryParse(text, out var parsed)
            ? parsed
            : ServerConfig.DefaultMessageTimeout;
        var serverConfig = server is null
            ? new ServerConfig(DefaultTcpHost, DefaultTcpPort, null, null, timeout)
            : new ServerConfig(server.TcpHost ?? DefaultTcpHost, server.TcpPort, server.UdsPath, server.AdminPort, timeout,
                server.FrontDoorUrl is { } frontDoor ? new Uri(frontDoor) : null);
        var limits = new LimitsConfig(document.Limits?.MaxRequestBodyBytes ?? LimitsConfig.DefaultMaxRequestBodyBytes);

        var providers = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);
        foreach (var section in document.Providers!)
        {
            ApiFormatNames.TryParse(section.Format, out var format);
            providers[section.Name!] = BuildProvider(section, format, getEnvironmentVariable);
        }

        var models = document.Models!
            .Select(m => new ModelConfig(m.Slug!, providers[m.Provider!], m.UpstreamModel ?? m.Slug!,
                (m.Aliases ?? []).ToArray(), m.InputPricePerMillion, m.OutputPricePerMillion))
            .ToArray();

        var llmPaths = new List<LlmPathConfig>(BuiltInLlmPaths);
        foreach (var entry in document.LlmPaths ?? [])
        {
            ApiFormatNames.TryParse(entry.Format, out var format);
            llmPaths.RemoveAll(p => p.Path == entry.Path);
            llmPaths.Add(new LlmPathConfig(entry.Path!, format));
        }

        var byName = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            byName[model.Slug] = model;
            foreach (var alias in model.Aliases) byName[alias] = model;
        }
        var routers = (document.Routers ?? []).Select(r => RouterBuilder.Build(r, byName)).ToArray();
        return new RouterConfig(serverConfig, limits, providers.Values.ToArray(), models, llmPaths, routers, BuildRouting(document, getEnvironmentVariable));
    }

    /// <summary>Only called on a validated document: the endpoint, model, format and timeout parse.</summary>
    private static RemoteClassifierConfig? BuildRemote(RouterConfigDocument.RemoteClassifierSection? remote, Func<string, string?> getEnvironmentVariable)
    {
        if (remote is null) return null;
        RemoteClassifierConfig.TryParseFormat(remote.Format, out var format);
        return new RemoteClassifierConfig(new Uri(remote.Endpoint!), remote.Model!, format,
            remote.ApiKeyEnv is { } env ? getEnvironmentVariable(env) : null,
            DurationOr(remote.Timeout, RemoteClassifierConfig.DefaultTimeout));
    }

    private static RoutingSettings BuildRouting(RouterConfigDocument document, Func<string, string?> getEnvironmentVariable)
    {
        var intent = new IntentModelConfig(document.IntentModel?.Classifier ?? IntentModelConfig.Keyword, BuildRemote(document.IntentModel?.Remote, getEnvironmentVariable),
            document.IntentModel?.ConversationCacheEntries ?? TokenWindowEmbeddingCache.DefaultCapacity);
        var availability = AvailabilityConfig.Default;
        if (document.Availability is { } a)
        {
            var cooldown = DurationOr(a.Cooldown, availability.Cooldown);
            availability = new AvailabilityConfig(cooldown, DurationOr(a.MaxCooldown, TimeSpan.FromTicks(Math.Max(cooldown.Ticks, availability.MaxCooldown.Ticks))));
        }

        var sources = document.MetricSources;
        PriceCatalogSourceConfig? catalog = null;
        if (sources?.PriceCatalog is { } c)
        {
            PriceCatalogFormatNames.TryParse(c.Format, out var format);
            catalog = new PriceCatalogSourceConfig(new Uri(c.Url!), format, DurationOr(c.RefreshInterval, PriceCatalogSourceConfig.DefaultRefreshInterval));
        }
        var prometheus = sources?.Prometheus is { } p
            ? new PrometheusSourceConfig(new Uri(p.Url!), p.Query!, DurationOr(p.RefreshInterval, PrometheusSourceConfig.DefaultRefreshInterval))
            : null;
        var measured = sources?.MeasuredTtft is { } m ? new MeasuredTtftConfig(m.Smoothing ?? MeasuredTtftConfig.DefaultSmoothing) : null;

        var aliases = new Dictionary<string, string>(document.ModelAliases ?? [], StringComparer.Ordinal);
        return new RoutingSettings(intent, availability, new MetricSourcesConfig(catalog, prometheus, measured), aliases);
    }

    private static TimeSpan DurationOr(string? text, TimeSpan fallback) =>
        DurationText.TryParse(text, out var duration) ? duration : fallback;

    private static ProviderConfig BuildProvider(RouterConfigDocument.ProviderSection section, ApiFormat format,
        Func<string, string?> getEnvironmentVariable)
    {
        var basePath = section.BasePath ?? (format == ApiFormat.Gemini ? "/v1beta" : "/v1");
        if (section.ApiKeyEnv is null)
            return new ProviderConfig(section.Name!, section.Cluster!, format, basePath, null, null, null);

        var (defaultHeader, defaultScheme) = ApiFormatNames.DefaultAuth(format);
        var header = section.AuthHeader ?? defaultHeader;
        // A scheme only makes sense on the header it was defaulted for; a custom header gets the bare key.
        var scheme = section.AuthScheme ?? (header == defaultHeader ? defaultScheme : null);
        var key = getEnvironmentVariable(section.ApiKeyEnv);
        var credential = string.IsNullOrEmpty(key) ? null : new ProviderCredential(header, scheme, key.Trim());
        return new ProviderConfig(section.Name!, section.Cluster!, format, basePath, header, section.ApiKeyEnv, credential);
    }
}
