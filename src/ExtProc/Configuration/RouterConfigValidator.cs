using System.Text.RegularExpressions;

namespace ExtProcRouter.Configuration;

/// <summary>
/// Checks a <see cref="RouterConfigDocument"/> and returns every problem at once, each naming the entry it is
/// about (<c>providers[1] 'anthropic': ...</c>), so one edit-run cycle fixes a whole file.
/// </summary>
public static partial class RouterConfigValidator
{
    public const string RouterPrefix = "router:";

    public static IReadOnlyList<string> Validate(RouterConfigDocument document)
    {
        var errors = new List<string>();
        ValidateServer(document.Server, errors);
        ValidateLimits(document.Limits, errors);
        var providerNames = ValidateProviders(document.Providers, errors);
        ValidateModels(document.Models, providerNames, errors);
        ValidateLlmPaths(document.LlmPaths, errors);
        RoutingSectionsValidator.Validate(document, errors);
        return errors;
    }

    private static void ValidateServer(RouterConfigDocument.ServerSection? server, List<string> errors)
    {
        if (server is null) return;
        if (server.TcpPort is { } tcp && tcp is < 0 or > 65535)
            errors.Add($"server.tcp_port: {tcp} is not a port (0-65535)");
        if (server.AdminPort is { } admin && admin is < 0 or > 65535)
            errors.Add($"server.admin_port: {admin} is not a port (0-65535)");
        if (server.TcpPort is > 0 && server.TcpPort == server.AdminPort)
            errors.Add($"server.admin_port: {server.AdminPort} is also server.tcp_port");
        if (server.TcpPort is null && string.IsNullOrWhiteSpace(server.UdsPath))
            errors.Add("server: set tcp_port, uds_path or both, or leave the section out for the defaults");
        if (server.MessageTimeout is { } timeout && (!DurationText.TryParse(timeout, out var parsed) || parsed <= TimeSpan.Zero))
            errors.Add($"server.message_timeout: '{timeout}' is not a positive duration such as 200ms or 2s");
        if (server.FrontDoorUrl is { } frontDoor) RoutingSectionsValidator.CheckUrl(frontDoor, "server.front_door_url", errors);
    }

    private static void ValidateLimits(RouterConfigDocument.LimitsSection? limits, List<string> errors)
    {
        if (limits?.MaxRequestBodyBytes is { } max && max <= 0)
            errors.Add($"limits.max_request_body_bytes: {max} must be positive");
    }

    private static HashSet<string> ValidateProviders(List<RouterConfigDocument.ProviderSection>? providers, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (providers is null || providers.Count == 0)
        {
            errors.Add("providers: at least one provider is required");
            return names;
        }
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            var where = provider.Name is { Length: > 0 } n ? $"providers[{i}] '{n}'" : $"providers[{i}]";
            if (string.IsNullOrWhiteSpace(provider.Name)) errors.Add($"{where}: name is required");
            else if (!ProviderName().IsMatch(provider.Name)) errors.Add($"{where}: name must match {ProviderName()}");
            else if (!names.Add(provider.Name)) errors.Add($"{where}: the name is used by another provider");

            if (string.IsNullOrWhiteSpace(provider.Cluster)) errors.Add($"{where}: cluster is required");
            else if (!ClusterName().IsMatch(provider.Cluster)) errors.Add($"{where}: cluster '{provider.Cluster}' must match {ClusterName()}");

            if (provider.Format is null) errors.Add($"{where}: format is required (openai, anthropic or gemini)");
            else if (!ApiFormatNames.TryParse(provider.Format, out _))
                errors.Add($"{where}: format '{provider.Format}' is not one of openai, anthropic, gemini");

            if (provider.BasePath is { } basePath && (!basePath.StartsWith('/') || basePath.EndsWith('/') || basePath.Contains('?')))
                errors.Add($"{where}: base_path '{basePath}' must start with '/' and end without '/' or query");
            if (provider.AuthHeader is { } header && !HeaderName().IsMatch(header))
                errors.Add($"{where}: auth_header '{header}' must be a lower-case HTTP header name");
            if (provider.AuthHeader is not null && provider.ApiKeyEnv is null)
                errors.Add($"{where}: auth_header is set but api_key_env is not");
            if (provider.AuthScheme is { } scheme && !SchemeName().IsMatch(scheme))
                errors.Add($"{where}: auth_scheme '{scheme}' must be a single word such as Bearer");
            if (provider.ApiKeyEnv is { } env && !EnvironmentVariable().IsMatch(env))
                errors.Add($"{where}: api_key_env '{env}' is not an environment variable name");
        }
        return names;
    }

    private static void ValidateModels(List<RouterConfigDocument.ModelSection>? models, HashSet<string> providerNames, List<string> errors)
    {
        if (models is null || models.Count == 0)
        {
            errors.Add("models: at least one model is required");
            return;
        }
        // Slugs and aliases share one namespace: a name must resolve to exactly one model.
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var where = model.Slug is { Length: > 0 } s ? $"models[{i}] '{s}'" : $"models[{i}]";
            if (string.IsNullOrWhiteSpace(model.Slug)) errors.Add($"{where}: slug is required");
            else CheckModelName(model.Slug, "slug", where, model.Slug, owners, errors);

            if (string.IsNullOrWhiteSpace(model.Provider)) errors.Add($"{where}: provider is required");
            else if (!providerNames.Contains(model.Provider)) errors.Add($"{where}: provider '{model.Provider}' is not defined under providers");

            if (model.UpstreamModel is { } upstream && string.IsNullOrWhiteSpace(upstream))
                errors.Add($"{where}: upstream_model must not be empty (leave it out to use the slug)");
            foreach (var alias in model.Aliases ?? [])
            {
                if (string.IsNullOrWhiteSpace(alias)) errors.Add($"{where}: an alias is empty");
                else CheckModelName(alias, "alias", where, model.Slug ?? where, owners, errors);
            }
            if (model.InputPricePerMillion is < 0) errors.Add($"{where}: input_price_per_million must not be negative");
            if (model.OutputPricePerMillion is < 0) errors.Add($"{where}: output_price_per_million must not be negative");
        }
    }

    private static void CheckModelName(string name, string kind, string where, string owner,
        Dictionary<string, string> owners, List<string> errors)
    {
        if (name.StartsWith(RouterPrefix, StringComparison.Ordinal))
            errors.Add($"{where}: {kind} '{name}' must not start with '{RouterPrefix}' (reserved for routers)");
        else if (!ModelName().IsMatch(name))
            errors.Add($"{where}: {kind} '{name}' must be non-empty without whitespace or control characters");
        else if (owners.TryGetValue(name, out var existing))
            errors.Add($"{where}: {kind} '{name}' is already the slug or an alias of model '{existing}'");
        else owners[name] = owner;
    }

    private static void ValidateLlmPaths(List<RouterConfigDocument.LlmPathSection>? paths, List<string> errors)
    {
        if (paths is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var entry = paths[i];
            var where = entry.Path is { Length: > 0 } p ? $"llm_paths[{i}] '{p}'" : $"llm_paths[{i}]";
            if (string.IsNullOrWhiteSpace(entry.Path) || !entry.Path.StartsWith('/') || entry.Path.Contains('?'))
                errors.Add($"{where}: path must start with '/' and have no query string");
            else if (!seen.Add(entry.Path)) errors.Add($"{where}: the path is listed twice");
            if (!ApiFormatNames.TryParse(entry.Format, out _))
                errors.Add($"{where}: format '{entry.Format}' is not one of openai, anthropic, gemini");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex ProviderName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$")]
    private static partial Regex ClusterName();

    [GeneratedRegex("^[a-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex SchemeName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex(@"^[\x21-\x7E\u00A0-\uFFFF]{1,256}$")]
    private static partial Regex ModelName();
}
