using ExtProcRouter.Translation;

namespace ExtProcRouter.Configuration;

/// <summary>An upstream LLM API reachable through one Envoy cluster.</summary>
/// <param name="Name">Unique name models refer to.</param>
/// <param name="Cluster">The Envoy cluster envoy.yaml routes to when the upstream-selection header names it.</param>
/// <param name="Format">The wire format the provider speaks.</param>
/// <param name="BasePath">Path prefix of the provider's API, e.g. <c>/v1</c>.</param>
/// <param name="AuthHeader">Header that carries the key (lower-case), or null when the provider needs none.</param>
/// <param name="ApiKeyEnvironmentVariable">Where the key was read from; named in errors, never its value.</param>
/// <param name="Credential">The key read at load time, or null when the variable was unset or no key is needed.</param>
public sealed record ProviderConfig(
    string Name,
    string Cluster,
    ApiFormat Format,
    string BasePath,
    string? AuthHeader,
    string? ApiKeyEnvironmentVariable,
    ProviderCredential? Credential)
{
    /// <summary>True when the provider expects a key but none was found in the environment.</summary>
    public bool IsMissingKey => ApiKeyEnvironmentVariable is not null && Credential is null;
}
