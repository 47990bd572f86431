using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.Translation;

/// <summary>
/// For any generated answer and any cutting of the provider's stream into chunks, the client reassembles the same
/// text, tool calls (name and arguments) and usage the provider sent.
/// </summary>
public sealed class RoundTripTests
{
    private static readonly Config Config = PropertyConfig.Deterministic(150);

    private static ITranslator Create(ApiFormat client, ApiFormat provider, string request)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(client, provider);
        translator.TranslateRequest(System.Text.Encoding.UTF8.GetBytes(request), new UpstreamTarget("upstream", "served", "/v1"));
        return translator;
    }

    private const string OpenAIStreamRequest = """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public void OpenAI_client_of_Anthropic_upstream_preserves_text_tool_calls_and_usage() =>
        Check.One(Config, Prop.ForAll(Answer.WithCuts, input =>
        {
            var translator = Create(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, OpenAIStreamRequest);
            var output = TranslationRun.Response(translator, 200, true, UpstreamStreams.Anthropic(input.Answer), input.Cuts);
            return Reassembled.FromOpenAIStream(output).Matches(input.Answer)
                && translator.Usage == new TokenUsage(input.Answer.InputTokens, input.Answer.OutputTokens, input.Answer.CachedTokens);
        }));

    [Fact]
    public void OpenAI_client_of_Gemini_upstream_preserves_text_tool_calls_and_usage() =>
        Check.One(Config, Prop.ForAll(Answer.WithCuts, input =>
        {
            var translator = Create(ApiFormat.OpenAIChat, ApiFormat.Gemini, OpenAIStreamRequest);
            var output = TranslationRun.Response(translator, 200, true, UpstreamStreams.Gemini(input.Answer), input.Cuts);
            return Reassembled.FromOpenAIStream(output).Matches(input.Answer)
                && translator.Usage == new TokenUsage(input.Answer.InputTokens, input.Answer.OutputTokens, input.Answer.CachedTokens);
        }));

    [Fact]
    public void OpenAI_client_of_OpenAI_upstream_preserves_text_tool_calls_and_usage() =>
        Check.One(Config, Prop.ForAll(Answer.WithCuts, input =>
        {
            var translator = Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat, OpenAIStreamRequest);
            var output = TranslationRun.Response(translator, 200, true, UpstreamStreams.OpenAI(input.Answer), input.Cuts);
            return Reassembled.FromOpenAIStream(output).Matches(input.Answer)
                && translator.Usage == new TokenUsage(input.Answer.InputTokens, input.Answer.OutputTokens, input.Answer.CachedTokens);
        }));

    [Fact]
    public void Anthropic_client_of_OpenAI_upstream_preserves_text_tool_calls_and_usage() =>
        Check.One(Config, Prop.ForAll(Answer.WithCuts, input =>
        {
            var translator = Create(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"stream":true}""");
            var output = TranslationRun.Response(translator, 200, true, UpstreamStreams.OpenAI(input.Answer), input.Cuts);
            return Reassembled.FromAnthropicStream(output).Matches(input.Answer)
                && translator.Usage == new TokenUsage(input.Answer.InputTokens, input.Answer.OutputTokens, input.Answer.CachedTokens);
        }));

    [Fact]
    public void Anthropic_client_of_Anthropic_upstream_preserves_text_tool_calls_and_usage() =>
        Check.One(Config, Prop.ForAll(Answer.WithCuts, input =>
        {
            var translator = Create(ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages, """{"model":"m","max_tokens":5,"messages":[],"stream":true}""");
            var output = TranslationRun.Response(translator, 200, true, UpstreamStreams.Anthropic(input.Answer), input.Cuts);
            return Reassembled.FromAnthropicStream(output).Matches(input.Answer)
                && translator.Usage == new TokenUsage(input.Answer.InputTokens, input.Answer.OutputTokens, input.Answer.CachedTokens);
        }));
}
