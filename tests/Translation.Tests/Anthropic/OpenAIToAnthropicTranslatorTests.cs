using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Anthropic;

public sealed class OpenAIToAnthropicTranslatorTests
{
    private const string Dir = "OpenAIChat-AnthropicMessages/";
    private static readonly UpstreamTarget Target = new("claude-sonnet-4-20250514", "anthropic/claude-sonnet-4", "/v1");

    internal static ITranslator NewTranslator(bool clientAsksForUsage = true, Func<TokenUsage, decimal?>? costOfUsage = null)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, costOfUsage);
        var request = clientAsksForUsage
            ? """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}"""
            : """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}""";
        translator.TranslateRequest(Encoding.UTF8.GetBytes(request), Target);
        return translator;
    }

    [Fact]
    public void Request_golden()
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages);
        var translated = translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "request.expected.json"), translated.Body);
        Assert.Equal("/v1/messages", translated.Path);
        Assert.True(translated.Stream);
        Assert.Contains(new KeyValuePair<string, string>("anthropic-version", "2023-06-01"), translated.Headers);
    }

    [Fact]
    public void Request_without_max_tokens_gets_Anthropics_required_default()
    {
        var translated = NewTranslatorWithoutRequest().TranslateRequest("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8, Target);
        var body = JsonAssert.Parse(translated.Body);
        Assert.Equal(4096, (int)body["max_tokens"]!);
        Assert.False(translated.Stream);
        Assert.Null(body["stream"]);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[],"n":2}""", 422, "n")]
    [InlineData("""{"model":"m","messages":[],"temperature":1.5}""", 422, "temperature")]
    [InlineData("""{"model":"m","messages":[],"logit_bias":{"1":2}}""", 422, "logit_bias")]
    [InlineData("""{"model":"m","messages":[],"response_format":{"type":"json_schema"}}""", 422, "response_format")]
    [InlineData("""{"model":"m","messages":[],"tools":[{"type":"web_search"}]}""", 422, "tools[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}""", 422, "messages[0].content[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"1","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}""", 400, "messages[0].tool_calls[0].function.arguments")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","name":"bob"}]}""", 422, "messages[0].name")]
    [InlineData("""{"model":"m"}""", 400, "messages")]
    [InlineData("""{"messages":[]}""", 400, "model")]
    public void Unsupported_or_invalid_fields_are_refused_by_name(string body, int status, string field)
    {
        var error = Assert.Throws<TranslationException>(() => NewTranslatorWithoutRequest().TranslateRequest(Encoding.UTF8.GetBytes(body), Target));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_response_golden()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, false, Fixture.Bytes(Dir + "response.json"), [7]);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), output);
        Assert.Equal(new TokenUsage(3895, 503, 1800), translator.Usage);
    }

    [Fact]
    public void Stream_golden_with_one_byte_chunks()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), output);
        Assert.Equal(new TokenUsage(572, 89, 100), translator.Usage);
    }

    [Fact]
    public void Stream_has_no_usage_chunk_unless_the_client_asked()
    {
        var output = TranslationRun.Response(NewTranslator(clientAsksForUsage: false), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        var events = SseTranscript.Parse(output);
        Assert.DoesNotContain(events, e => e.Data.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal("[DONE]", events[^1].Data);
    }

    [Fact]
    public void Error_golden()
    {
        var output = TranslationRun.Response(NewTranslator(), 529, false, Fixture.Bytes(Dir + "error.json"), [2]);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "error.expected.json"), output);
    }

    [Fact]
    public void Error_event_mid_stream_becomes_one_OpenAI_error_chunk()
    {
        var output = TranslationRun.Response(NewTranslator(), 200, true, Fixture.Bytes(Dir + "stream-error.sse"), [3]);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream-error.expected.sse"), output);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(900)]
    public void Truncated_stream_ends_with_an_error_chunk(int cut)
    {
        var body = Fixture.Bytes(Dir + "stream.sse")[..cut];
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, body, [5]));
        var error = JsonAssert.Parse(Encoding.UTF8.GetBytes(events[^1].Data))["error"];
        Assert.NotNull(error);
        Assert.Contains((string?)error!["code"], new[] { "truncated_stream", "invalid_upstream_response" });
    }

    [Fact]
    public void Invalid_json_response_body_becomes_an_OpenAI_error()
    {
        var output = TranslationRun.Response(NewTranslator(), 200, false, "{\"id\":\"msg\",\"content\":["u8.ToArray());
        Assert.Equal("invalid_upstream_response", (string?)JsonAssert.Parse(output)["error"]?["code"]);
    }

    [Fact]
    public void Any_split_of_the_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(), 200, true, Fixture.Bytes(Dir + "stream.sse"));

    private static ITranslator NewTranslatorWithoutRequest() =>
        new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages);

    [Fact]
    public void Priced_stream_adds_the_cost_to_the_usage_chunk_only()
    {
        var output = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        // 572 x $0.05 + 89 x $0.45 = $68.65 per 1M tokens
        var priced = TestPricing.AssertSingleCostEvent(output, "0.00006865");
        Assert.Contains("\"choices\":[]", priced.Data, StringComparison.Ordinal);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Priced_json_response_adds_the_cost_to_usage()
    {
        var output = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.GptOss20b), 200, false, Fixture.Bytes(Dir + "response.json"), [7]);
        // (2095 + 1800 cached) x $0.05 + 503 x $0.45 = $421.10 per 1M tokens
        TestPricing.AssertCostInUsage(output, "0.00042110");
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Unpriced_model_gets_no_cost()
    {
        var stream = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.Unpriced), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        var json = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.Unpriced), 200, false, Fixture.Bytes(Dir + "response.json"));
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(stream), StringComparison.Ordinal);
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_split_of_a_priced_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(costOfUsage: TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"));
}
