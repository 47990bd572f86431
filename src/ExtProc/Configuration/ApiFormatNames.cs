using ExtProcRouter.Translation;

namespace ExtProcRouter.Configuration;

/// <summary>The names API formats have in router.yaml.</summary>
public static class ApiFormatNames
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";

    public static bool TryParse(string? name, out ApiFormat format)
    {
        switch (name)
        {
            case OpenAI: format = ApiFormat.OpenAIChat; return true;
            case Anthropic: format = ApiFormat.AnthropicMessages; return true;
            case Gemini: format = ApiFormat.Gemini; return true;
            default: format = default; return false;
        }
    }

    /// <summary>The header a provider's key goes in when the config does not say, and its scheme prefix.</summary>
    public static (string Header, string? Scheme) DefaultAuth(ApiFormat format) => format switch
    {
        ApiFormat.AnthropicMessages => (WellKnown.HeaderNames.AnthropicApiKey, null),
        ApiFormat.Gemini => (WellKnown.HeaderNames.GoogleApiKey, null),
        _ => (WellKnown.HeaderNames.Authorization, "Bearer"),
    };
}
