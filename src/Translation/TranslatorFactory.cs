using ExtProcRouter.Translation.Anthropic;
using ExtProcRouter.Translation.Gemini;
using ExtProcRouter.Translation.OpenAI;

namespace ExtProcRouter.Translation;

/// <summary>Creates the translator for a (client API, provider API) pair; one translator per HTTP request.</summary>
public sealed class TranslatorFactory(TimeProvider timeProvider)
{
    public TranslatorFactory() : this(TimeProvider.System)
    {
    }

    /// <summary>Whether a translator exists for the pair.</summary>
    public static bool IsSupported(ApiFormat client, ApiFormat provider) => (client, provider) switch
    {
        (ApiFormat.OpenAIChat, ApiFormat.OpenAIChat) => true,
        (ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages) => true,
        (ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat) => true,
        (ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages) => true,
        (ApiFormat.OpenAIChat, ApiFormat.Gemini) => true,
        _ => false,
    };

    /// <summary>Creates a fresh translator; throws <see cref="NotSupportedException"/> for a pair without one.</summary>
    public ITranslator Create(ApiFormat client, ApiFormat provider) =>
        TryCreate(client, provider, out var translator)
            ? translator
            : throw new NotSupportedException(
                $"No translator from {client} clients to {provider} providers. Supported pairs: {SupportedPairsText}.");

    public bool TryCreate(ApiFormat client, ApiFormat provider, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITranslator? translator)
    {
        translator = (client, provider) switch
        {
            (ApiFormat.OpenAIChat, ApiFormat.OpenAIChat) => new OpenAIPassthroughTranslator(timeProvider),
            (ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages) => new OpenAIToAnthropicTranslator(timeProvider),
            (ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat) => new AnthropicToOpenAITranslator(timeProvider),
            (ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages) => new AnthropicPassthroughTranslator(timeProvider),
            (ApiFormat.OpenAIChat, ApiFormat.Gemini) => new OpenAIToGeminiTranslator(timeProvider),
            _ => null,
        };
        return translator is not null;
    }

    private static string SupportedPairsText
    {
        get
        {
            var pairs = new List<string>();
            foreach (var client in Enum.GetValues<ApiFormat>())
                foreach (var provider in Enum.GetValues<ApiFormat>())
                    if (IsSupported(client, provider)) pairs.Add($"{client}->{provider}");
            return string.Join(", ", pairs);
        }
    }
}
