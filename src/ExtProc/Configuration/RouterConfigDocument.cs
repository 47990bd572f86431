namespace ExtProcRouter.Configuration;

/// <summary>
/// router.yaml as written (snake_case keys), before validation. Everything is optional here so that the
/// validator, not the YAML parser, reports what is missing, with the offending name.
/// </summary>
public sealed class RouterConfigDocument
{
    public ServerSection? Server { get; set; }
    public LimitsSection? Limits { get; set; }
    public List<ProviderSection>? Providers { get; set; }
    public List<ModelSection>? Models { get; set; }
    public List<LlmPathSection>? LlmPaths { get; set; }
    public IntentModelSection? IntentModel { get; set; }
    public AvailabilitySection? Availability { get; set; }
    public MetricSourcesSection? MetricSources { get; set; }

    /// <summary>Catalog (price list, Prometheus label) model names mapped to a configured slug or alias.</summary>
    public Dictionary<string, string>? ModelAliases { get; set; }

    public List<RouterSection>? Routers { get; set; }

    public sealed class ServerSection
    {
        public string? TcpHost { get; set; }
        public int? TcpPort { get; set; }
        public string? UdsPath { get; set; }
        public int? AdminPort { get; set; }
        public string? MessageTimeout { get; set; }
        public string? FrontDoorUrl { get; set; }
    }

    public sealed class LimitsSection
    {
        public long? MaxRequestBodyBytes { get; set; }
    }

    public sealed class ProviderSection
    {
        public string? Name { get; set; }
        public string? Cluster { get; set; }
        public string? Format { get; set; }
        public string? BasePath { get; set; }
        public string? AuthHeader { get; set; }
        /// <summary>Prefix before the key in the header value, e.g. <c>Bearer</c>; defaults by format.</summary>
        public string? AuthScheme { get; set; }
        public string? ApiKeyEnv { get; set; }
    }

    public sealed class ModelSection
    {
        public string? Slug { get; set; }
        public string? Provider { get; set; }
        public string? UpstreamModel { get; set; }
        public List<string>? Aliases { get; set; }
        public decimal? InputPricePerMillion { get; set; }
        public decimal? OutputPricePerMillion { get; set; }
    }

    public sealed class LlmPathSection
    {
        public string? Path { get; set; }
        public string? Format { get; set; }
    }

    public sealed class IntentModelSection
    {
        /// <summary><c>keyword</c> (default), <c>onnx</c> or <c>remote</c>.</summary>
        public string? Classifier { get; set; }

        /// <summary>The OpenAI-compatible endpoint serving Arch-Router / Plano-Orchestrator (for <c>classifier: remote</c>).</summary>
        public RemoteClassifierSection? Remote { get; set; }

        /// <summary>Encoder windows an ONNX classifier remembers for follow-up requests; 0 = off.</summary>
        public int? ConversationCacheEntries { get; set; }
    }

    public sealed class RemoteClassifierSection
    {
        /// <summary>Base URL, e.g. <c>http://vllm:8000/v1</c>.</summary>
        public string? Endpoint { get; set; }
        public string? Model { get; set; }

        /// <summary><c>arch_router</c> (default) or <c>plano_orchestrator</c>.</summary>
        public string? Format { get; set; }

        /// <summary>The environment variable holding the endpoint's key, if it needs one.</summary>
        public string? ApiKeyEnv { get; set; }
        public string? Timeout { get; set; }
    }

    public sealed class AvailabilitySection
    {
        /// <summary>Cooldown after the first failure; doubles on each further failure up to <see cref="MaxCooldown"/>.</summary>
        public string? Cooldown { get; set; }
        public string? MaxCooldown { get; set; }
    }

    public sealed class MetricSourcesSection
    {
        public PriceCatalogSection? PriceCatalog { get; set; }
        public PrometheusSection? Prometheus { get; set; }
        public MeasuredTtftSection? MeasuredTtft { get; set; }
    }

    public sealed class PriceCatalogSection
    {
        public string? Url { get; set; }
        /// <summary><c>digitalocean</c> or <c>models_dev</c>.</summary>
        public string? Format { get; set; }
        public string? RefreshInterval { get; set; }
    }

    public sealed class PrometheusSection
    {
        /// <summary>Base URL of the Prometheus server; <c>/api/v1/query</c> is appended.</summary>
        public string? Url { get; set; }
        /// <summary>An instant query returning time to first token in seconds, one series per <c>model_name</c> label.</summary>
        public string? Query { get; set; }
        public string? RefreshInterval { get; set; }
    }

    public sealed class MeasuredTtftSection
    {
        /// <summary>Weight of the newest sample in the moving average, in (0, 1].</summary>
        public double? Smoothing { get; set; }
    }

    /// <summary>A router as written in YAML and in the control-plane API (same snake_case shape).</summary>
    public sealed class RouterSection
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        /// <summary>A preset name: its tasks become the router's policies unless <see cref="Policies"/> is given.</summary>
        public string? Preset { get; set; }
        public List<PolicySection>? Policies { get; set; }
        public List<string>? FallbackModels { get; set; }
    }

    public sealed class PolicySection
    {
        public CustomTaskSection? CustomTask { get; set; }
        /// <summary>A task of the router's preset, by name (instead of <see cref="CustomTask"/>).</summary>
        public string? Task { get; set; }
        /// <summary>At most 3 models; a preset task without models uses the preset's pool.</summary>
        public List<string>? Models { get; set; }
        /// <summary>Absent = manual ranking (list order).</summary>
        public SelectionPolicySection? SelectionPolicy { get; set; }
    }

    public sealed class CustomTaskSection
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
    }

    public sealed class SelectionPolicySection
    {
        /// <summary><c>cheapest</c>, <c>fastest</c>, or <c>optimal</c> (preset tasks only).</summary>
        public string? Prefer { get; set; }
    }
}
