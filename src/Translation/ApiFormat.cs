namespace ExtProcRouter.Translation;

/// <summary>A wire format spoken by a client or a provider.</summary>
public enum ApiFormat
{
    /// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>); also vLLM, Groq, DigitalOcean and other compatible servers.</summary>
    OpenAIChat,
    /// <summary>Anthropic Messages (<c>/v1/messages</c>).</summary>
    AnthropicMessages,
    /// <summary>Google Gemini (<c>:generateContent</c> / <c>:streamGenerateContent?alt=sse</c>).</summary>
    Gemini,
}
