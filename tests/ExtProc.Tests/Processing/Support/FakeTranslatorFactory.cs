using ExtProcRouter.Processing;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>Hands out <see cref="FakeTranslator"/>s and remembers them; pairs in <see cref="Unsupported"/> get none.</summary>
internal sealed class FakeTranslatorFactory : ITranslatorFactory
{
    public List<FakeTranslator> Created { get; } = [];
    public HashSet<(ApiFormat, ApiFormat)> Unsupported { get; } = [];
    public Action<FakeTranslator>? Configure { get; set; }

    public ITranslator? Create(ApiFormat clientFormat, ApiFormat providerFormat, Func<TokenUsage, decimal?>? costOfUsage = null)
    {
        if (Unsupported.Contains((clientFormat, providerFormat))) return null;
        var translator = new FakeTranslator(clientFormat, providerFormat);
        Configure?.Invoke(translator);
        Created.Add(translator);
        return translator;
    }
}
