namespace ExtProcRouter.Configuration;

/// <summary>A model the router serves.</summary>
/// <param name="Slug">The router's name for it; written into every response as the served model.</param>
/// <param name="Provider">The provider that serves it.</param>
/// <param name="UpstreamModelId">The id the provider knows it by.</param>
/// <param name="Aliases">Other names clients may use.</param>
/// <param name="InputPricePerMillionTokens">USD per 1M input tokens, when known (for cost metrics and ranking).</param>
/// <param name="OutputPricePerMillionTokens">USD per 1M output tokens, when known.</param>
public sealed record ModelConfig(
    string Slug,
    ProviderConfig Provider,
    string UpstreamModelId,
    IReadOnlyList<string> Aliases,
    decimal? InputPricePerMillionTokens,
    decimal? OutputPricePerMillionTokens);
