using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Anthropic;

public sealed class AnthropicPassthroughTranslatorTests
{
    private const string Dir = "AnthropicMessages-AnthropicMessages/";
    private static readonly UpstreamTarget Target = new("claude-sonnet-4-20250514", "anthropic/claude-sonnet-4", "/v1");

    private static ITranslator NewTranslator() => NewTranslator(null);

    private static ITranslator NewTranslator(Func<TokenUsage, decimal?>? costOfUsage)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages, costOfUsage);
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

    [Fact]
    public void Priced_stream_adds_the_cost_to_message_delta_only_and_changes_nothing_else()
    {
        var output = TranslationRun.Response(NewTranslator(TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        // message_start's 25 + 5 cached in, message_delta's 15 out: 30 x $0.05 + 15 x $0.45 = $8.25 per 1M tokens
        var priced = TestPricing.AssertSingleCostEvent(output, "0.00000825");
        Assert.Equal("message_delta", priced.Type);
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(TestPricing.WithoutCost(output)));
    }

    [Fact]
    public void Priced_json_response_adds_the_cost_to_usage_and_changes_nothing_else()
    {
        var translator = NewTranslator(TestPricing.GptOss20b);
        var body = Fixture.Bytes("OpenAIChat-AnthropicMessages/response.json");
        var output = TranslationRun.Response(translator, 200, false, body, [4]);
        // (2095 + 1800 cached) x $0.05 + 503 x $0.45 = $421.10 per 1M tokens
        TestPricing.AssertCostInUsage(output, "0.00042110");
        Assert.Equal(Encoding.UTF8.GetString(body).Replace("\"model\":\"claude-sonnet-4-20250514\"", "\"model\":\"anthropic/claude-sonnet-4\"", StringComparison.Ordinal),
            Encoding.UTF8.GetString(TestPricing.WithoutCost(output)));
    }

    [Fact]
    public void Unpriced_model_gets_no_cost()
    {
        var stream = TranslationRun.Response(NewTranslator(TestPricing.Unpriced), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(stream));
    }

    [Fact]
    public void Any_split_of_a_priced_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"));
}
