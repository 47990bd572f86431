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

    public sealed class ServerSection
    {
        public string? TcpHost { get; set; }
        public int? TcpPort { get; set; }
        public string? UdsPath { get; set; }
        public int? AdminPort { get; set; }
        public string? MessageTimeout { get; set; }
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
}
