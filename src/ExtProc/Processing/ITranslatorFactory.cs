using ExtProcRouter.Translation;

namespace ExtProcRouter.Processing;

/// <summary>Creates the translator for one request between the client's API and the provider's.</summary>
public interface ITranslatorFactory
{
    /// <summary>A new translator (one per request: it keeps streaming state), or null when the pair is unsupported.</summary>
    /// <param name="costOfUsage">Prices the response's usage for the served model; the translator writes it into the usage the client sees.</param>
    ITranslator? Create(ApiFormat clientFormat, ApiFormat providerFormat, Func<TokenUsage, decimal?>? costOfUsage = null);
}
