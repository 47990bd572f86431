using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.Translation;

/// <summary>A (client API, provider API) pair with the client request that starts its stream.</summary>
public sealed record TranslationPair(string Name, ApiFormat Client, ApiFormat Provider, string ClientRequest)
{
    private const string OpenAIRequest = """{"model":"router:x","messages":[{"role":"user","content":"Write a long story."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string AnthropicRequest = """{"model":"router:x","max_tokens":4096,"messages":[{"role":"user","content":"Write a long story."}],"stream":true}""";

    public static IReadOnlyList<TranslationPair> All { get; } =
    [
        new("OpenAI->OpenAI", ApiFormat.OpenAIChat, ApiFormat.OpenAIChat, OpenAIRequest),
        new("OpenAI->Anthropic", ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, OpenAIRequest),
        new("OpenAI->Gemini", ApiFormat.OpenAIChat, ApiFormat.Gemini, OpenAIRequest),
        new("Anthropic->OpenAI", ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, AnthropicRequest),
        new("Anthropic->Anthropic", ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages, AnthropicRequest),
    ];

    public override string ToString() => Name;
}
