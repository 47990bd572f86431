using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Anthropic;

public sealed class AnthropicPassthroughTranslatorTests
{
    private const string Dir = "AnthropicMessages-AnthropicMessages/";
    private static readonly UpstreamTarget Target = new("claude-sonnet-4-20250514", "anthropic/claude-sonnet-4", "/v1");

    private static ITranslator NewTranslator()
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages);
        translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        return translator;
    }

    [Fact]
    public void Request_keeps_every_byte_but_the_model()
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages);
        var translated = translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        Assert.Equal(Fixture.Text(Dir + "request.expected.json"), Encoding.UTF8.GetString(translated.Body));
        Assert.Equal("/v1/messages", translated.Path);
        Assert.True(translated.Stream);
    }

    [Fact]
    public void Stream_renames_the_model_in_message_start_only()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(output));
        Assert.Equal(new TokenUsage(30, 15, 5), translator.Usage);
    }

    [Fact]
    public void Json_response_renames_the_model()
    {
        var translator = NewTranslator();
        var body = Fixture.Bytes("OpenAIChat-AnthropicMessages/response.json");
        var output = Encoding.UTF8.GetString(TranslationRun.Response(translator, 200, false, body, [4]));
        Assert.Equal(Encoding.UTF8.GetString(body).Replace("\"model\":\"claude-sonnet-4-20250514\"", "\"model\":\"anthropic/claude-sonnet-4\"", StringComparison.Ordinal), output);
        Assert.Equal(new TokenUsage(3895, 503, 1800), translator.Usage);
    }

    [Fact]
    public void Anthropic_errors_pass_through_and_others_are_wrapped()
    {
        var anthropicError = Fixture.Bytes("OpenAIChat-AnthropicMessages/error.json");
        Assert.Equal(anthropicError, TranslationRun.Response(NewTranslator(), 529, false, anthropicError));
        var wrapped = TranslationRun.Response(NewTranslator(), 503, false, Fixture.Bytes(Dir + "error.txt"));
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "error.expected.json"), wrapped);
    }

    [Fact]
    public void Truncated_stream_ends_with_an_error_event()
    {
        var body = Fixture.Bytes(Dir + "stream.sse")[..500];
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, body, [7]));
        Assert.Equal("error", events[^1].Type);
    }

    [Fact]
    public void Any_split_of_the_stream_gives_identical_output() =>
        SplitProperty.Holds(NewTranslator, 200, true, Fixture.Bytes(Dir + "stream.sse"));
}
