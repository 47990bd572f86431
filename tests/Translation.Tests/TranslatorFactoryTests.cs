using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation;

public sealed class TranslatorFactoryTests
{
    [Fact]
    public void Creates_a_fresh_translator_per_call()
    {
        var factory = new TranslatorFactory(TimeProvider.System);
        Assert.NotSame(factory.Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat), factory.Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat));
    }

    [Fact]
    public void Unsupported_pairs_throw_naming_the_pair_and_the_supported_ones()
    {
        var factory = new TranslatorFactory(TimeProvider.System);
        var error = Assert.Throws<NotSupportedException>(() => factory.Create(ApiFormat.Gemini, ApiFormat.OpenAIChat));
        Assert.Contains("Gemini", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIChat->OpenAIChat", error.Message, StringComparison.Ordinal);
        Assert.False(factory.TryCreate(ApiFormat.Gemini, ApiFormat.OpenAIChat, out _));
    }
}
