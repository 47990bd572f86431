using ExtProcRouter.Translation;

namespace ExtProcRouter.Processing;

/// <summary>The translators of src/Translation behind <see cref="ITranslatorFactory"/>.</summary>
public sealed class LibraryTranslatorFactory(TranslatorFactory translators) : ITranslatorFactory
{
    public LibraryTranslatorFactory(TimeProvider timeProvider) : this(new TranslatorFactory(timeProvider))
    {
    }

    public ITranslator? Create(ApiFormat clientFormat, ApiFormat providerFormat, Func<TokenUsage, decimal?>? costOfUsage = null) =>
        translators.TryCreate(clientFormat, providerFormat, costOfUsage, out var translator) ? translator : null;
}
