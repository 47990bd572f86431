namespace ExtProcRouter.Translation.WellKnown;

/// <summary>Header names, versions and path suffixes the providers' APIs define; auth headers are the sidecar's business.</summary>
public static class ProviderProtocol
{
    /// <summary>Anthropic requires a version header on every request ("Versioning", docs.anthropic.com/en/api/versioning).</summary>
    public const string AnthropicVersionHeader = "anthropic-version";
    public const string AnthropicVersion = "2023-06-01";

    public const string OpenAIChatPath = "/chat/completions";
    public const string AnthropicMessagesPath = "/messages";
    public const string GeminiGenerateSuffix = ":generateContent";
    public const string GeminiStreamSuffix = ":streamGenerateContent?alt=sse";

    /// <summary>Anthropic requires max_tokens; used when an OpenAI client does not set one.</summary>
    public const int AnthropicDefaultMaxTokens = 4096;
}
