using ExtProcRouter.Translation;

namespace ExtProcRouter.Processing;

/// <summary>The translation library's factory behind the processor's seam.</summary>
public sealed class LibraryTranslatorFactory(TranslatorFactory factory) : ITranslatorFactory
{
    public ITranslator? Create(ApiFormat clientFormat, ApiFormat providerFormat) =>
        factory.TryCreate(clientFormat, providerFormat, out var translator) ? translator : null;
}
