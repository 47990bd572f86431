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
    /// <param name="costOfUsage">
    /// Prices the usage the client sees (USD, null when unpriced); when given, the translator adds
    /// <c>cost_usd</c> to the final usage object of the response (see <see cref="WellKnown.UsageFields.CostUsd"/>).
    /// </param>
    public ITranslator Create(ApiFormat client, ApiFormat provider, Func<TokenUsage, decimal?>? costOfUsage = null) =>
        TryCreate(client, provider, costOfUsage, out var translator)
            ? translator
            : throw new NotSupportedException(
                $"No translator from {client} clients to {provider} providers. Supported pairs: {SupportedPairsText}.");

    public bool TryCreate(ApiFormat client, ApiFormat provider, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITranslator? translator) =>
        TryCreate(client, provider, null, out translator);

    /// <inheritdoc cref="Create"/>
    public bool TryCreate(ApiFormat client, ApiFormat provider, Func<TokenUsage, decimal?>? costOfUsage,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ITranslator? translator)
    {
        translator = (client, provider) switch
        {
            (ApiFormat.OpenAIChat, ApiFormat.OpenAIChat) => new OpenAIPassthroughTranslator(timeProvider) { CostOfUsage = costOfUsage },
            (ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages) => new OpenAIToAnthropicTranslator(timeProvider) { CostOfUsage = costOfUsage },
            (ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat) => new AnthropicToOpenAITranslator(timeProvider) { CostOfUsage = costOfUsage },
            (ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages) => new AnthropicPassthroughTranslator(timeProvider) { CostOfUsage = costOfUsage },
            (ApiFormat.OpenAIChat, ApiFormat.Gemini) => new OpenAIToGeminiTranslator(timeProvider) { CostOfUsage = costOfUsage },
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
