using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Gemini;

public sealed class OpenAIToGeminiTranslatorTests
{
    private const string Dir = "OpenAIChat-Gemini/";
    private static readonly UpstreamTarget Target = new("gemini-2.5-flash", "google/gemini-2.5-flash", "/v1beta");

    internal static ITranslator NewTranslator(bool stream = true, Func<TokenUsage, decimal?>? costOfUsage = null)
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.Gemini, costOfUsage);
        var request = stream
            ? """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}"""
            : """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        translator.TranslateRequest(Encoding.UTF8.GetBytes(request), Target);
        return translator;
    }

    private static ITranslator NewTranslatorWithoutRequest() =>
        new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.Gemini);

    [Fact]
    public void Request_golden()
    {
        var translated = NewTranslatorWithoutRequest().TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "request.expected.json"), translated.Body);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", translated.Path);
        Assert.True(translated.Stream);
    }

    [Fact]
    public void Non_streaming_request_uses_generateContent()
    {
        var translated = NewTranslatorWithoutRequest().TranslateRequest("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8, Target with { UpstreamModelId = "models/gemini-2.0-flash" });
        Assert.Equal("/v1beta/models/gemini-2.0-flash:generateContent", translated.Path);
        Assert.False(translated.Stream);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", 422, "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","tool_call_id":"nope","content":"x"}]}""", 400, "messages[0].tool_call_id")]
    [InlineData("""{"model":"m","messages":[],"n":3}""", 422, "n")]
    [InlineData("""{"model":"m","messages":[],"parallel_tool_calls":false}""", 422, "parallel_tool_calls")]
    [InlineData("""{"model":"m","messages":[],"logit_bias":{"1":1}}""", 422, "logit_bias")]
    public void Unsupported_or_invalid_fields_are_refused_by_name(string body, int status, string field)
    {
        var error = Assert.Throws<TranslationException>(() => NewTranslatorWithoutRequest().TranslateRequest(Encoding.UTF8.GetBytes(body), Target));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Json_response_golden()
    {
        var translator = NewTranslator(stream: false);
        var output = TranslationRun.Response(translator, 200, false, Fixture.Bytes(Dir + "response.json"), [11]);
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), output);
        Assert.Equal(new TokenUsage(120, 42, 64), translator.Usage);
    }

    [Fact]
    public void Blocked_prompt_is_a_content_filter_finish()
    {
        var output = TranslationRun.Response(NewTranslator(stream: false), 200, false, Fixture.Bytes(Dir + "blocked.json"));
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "blocked.expected.json"), output);
    }

    [Fact]
    public void Stream_golden_with_one_byte_chunks()
    {
        var translator = NewTranslator();
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), output);
        Assert.Equal(new TokenUsage(9, 11, 4), translator.Usage);
    }

    [Fact]
    public void Error_golden()
    {
        var output = TranslationRun.Response(NewTranslator(), 429, false, Fixture.Bytes(Dir + "error.json"));
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "error.expected.json"), output);
    }

    [Fact]
    public void Stream_without_a_finish_reason_is_truncated()
    {
        var body = Fixture.Bytes(Dir + "stream.sse");
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, body[..600], [2]));
        Assert.NotNull(JsonAssert.Parse(Encoding.UTF8.GetBytes(events[^1].Data))["error"]);
    }

    [Fact]
    public void Error_mid_stream_ends_with_an_error_chunk()
    {
        var upstream = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}\r\n\r\ndata: {\"error\":{\"code\":500,\"message\":\"internal\",\"status\":\"INTERNAL\"}}\r\n\r\n"u8.ToArray();
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, upstream, [5]));
        var error = JsonAssert.Parse(Encoding.UTF8.GetBytes(events[^1].Data))["error"]!;
        Assert.Equal("internal", (string?)error["message"]);
        Assert.Equal("INTERNAL", (string?)error["code"]);
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public void Any_split_of_the_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(), 200, true, Fixture.Bytes(Dir + "stream.sse"));

    [Fact]
    public void Priced_stream_adds_the_cost_to_the_usage_chunk_only()
    {
        var output = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        // 9 x $0.05 + 11 x $0.45 = $5.40 per 1M tokens
        var priced = TestPricing.AssertSingleCostEvent(output, "0.00000540");
        Assert.Contains("\"choices\":[]", priced.Data, StringComparison.Ordinal);
        SseTranscript.AssertEquivalent(Fixture.Text(Dir + "stream.expected.sse"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Priced_json_response_adds_the_cost_to_usage()
    {
        var output = TranslationRun.Response(NewTranslator(stream: false, costOfUsage: TestPricing.GptOss20b), 200, false,
            Fixture.Bytes(Dir + "response.json"), [11]);
        // 120 x $0.05 + 42 x $0.45 = $24.90 per 1M tokens
        TestPricing.AssertCostInUsage(output, "0.00002490");
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "response.expected.json"), TestPricing.WithoutCost(output));
    }

    [Fact]
    public void Unpriced_model_gets_no_cost()
    {
        var stream = TranslationRun.Response(NewTranslator(costOfUsage: TestPricing.Unpriced), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        var json = TranslationRun.Response(NewTranslator(stream: false, costOfUsage: TestPricing.Unpriced), 200, false, Fixture.Bytes(Dir + "response.json"));
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(stream), StringComparison.Ordinal);
        Assert.DoesNotContain("cost_usd", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_split_of_a_priced_stream_gives_identical_output() =>
        SplitProperty.Holds(() => NewTranslator(costOfUsage: TestPricing.GptOss20b), 200, true, Fixture.Bytes(Dir + "stream.sse"));
}
