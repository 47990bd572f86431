using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Anthropic;

public sealed class AnthropicToOpenAITranslatorTests
{
    private const string Dir = "AnthropicMessages-OpenAIChat/";
    private static readonly UpstreamTarget Target = new("gpt-4.1", "openai/gpt-4.1", "/v1");

    internal static ITranslator NewTranslator() => NewTranslator(null);

    private static ITranslator NewTranslator(Func<TokenUsage, decimal?>? costOfUsage)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, costOfUsage);
        translator.TranslateRequest("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"stream":true}"""u8, Target);
        return translator;
    }

    [Fact]
    public void Request_golden()
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat);
        var translated = translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "request.expected.json"), translated.Body);
        Assert.Equal("/v1/chat/completions", translated.Path);
        Assert.True(translated.Stream);
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[],"top_k":5}""", 422, "top_k")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[],"thinking":{"type":"enabled","budget_tokens":1024}}""", 422, "thinking")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", 422, "tools[0].type")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}""", 422, "messages[0].content[0].type")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}""", 400, "messages[0].role")]
    public void Unsupported_or_invalid_fields_are_refused_by_name(string body, int status, string field)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat);
        var error = Assert.Throws<TranslationException>(() => translator.TranslateRequest(Encoding.UTF8.GetBytes(body), Target));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Json_response_golden()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, false, Fixture.Bytes(Dir + "response.json"), [9]);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), output);
        Assert.Equal(new TokenUsage(1117, 46, 1024), translator.Usage);
    }

    [Fact]
    public void Stream_golden_with_one_byte_chunks()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), output);
        Assert.Equal(new TokenUsage(1117, 46, 1024), translator.Usage);
    }

    [Fact]
    public void Error_golden()
    {
        var output = TranslationRun.Response(NewTranslator(), 401, false, Fixture.Bytes(Dir + "error.json"));
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "error.expected.json"), output);
    }

    [Fact]
    public void Truncated_stream_ends_with_an_Anthropic_error_event()
    {
        var body = Fixture.Bytes(Dir + "stream.sse")[..600];
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, body, [3]));
        Assert.Equal("error", events[^1].Type);
        Assert.Equal("error", (string?)JsonAssert.Parse(Encoding.UTF8.GetBytes(events[^1].Data))["type"]);
    }

    [Fact]
    public void Upstream_error_chunk_becomes_an_Anthropic_error_event()
    {
        const string upstream = "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n";
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, Encoding.UTF8.GetBytes(upstream)));
        Assert.Single(events);
        Assert.Equal("error", events[0].Type);
        Assert.Contains("boom", events[0].Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_split_of_the_stream_gives_identical_output() =>
        SplitProperty.Holds(NewTranslator, 200, true, Fixture.Bytes(Dir + "stream.sse"));

    [Fact]
    public void Priced_stream_adds_the_cost_to_the_final_message_delta_only()
    {
        var output = TranslationRun.Response(NewTranslator(TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        // 1117 x $0.05 + 46 x $0.45 = $76.55 per 1M tokens; message_start's zeros stay unpriced
        var priced = TestPricing.AssertSingleCostEvent(output, "0.00007655");
        Assert.Equal("message_delta", priced.Type);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Priced_json_response_adds_the_cost_to_usage()
    {
        var output = TranslationRun.Response(NewTranslator(TestPricing.GptOss20b), 200, false, Fixture.Bytes(Dir + "response.json"), [9]);
        TestPricing.AssertCostInUsage(output, "0.00007655");
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Unpriced_model_gets_no_cost()
    {
        var stream = TranslationRun.Response(NewTranslator(TestPricing.Unpriced), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        var json = TranslationRun.Response(NewTranslator(TestPricing.Unpriced), 200, false, Fixture.Bytes(Dir + "response.json"));
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(stream), StringComparison.Ordinal);
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_split_of_a_priced_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"));
}
