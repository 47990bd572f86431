using ExtProcRouter.Translation;

namespace ExtProcRouter.Processing;

/// <summary>Creates the translator for one request between the client's API and the provider's.</summary>
public interface ITranslatorFactory
{
    /// <summary>A new translator (one per request: it keeps streaming state), or null when the pair is unsupported.</summary>
    ITranslator? Create(ApiFormat clientFormat, ApiFormat providerFormat);
}
