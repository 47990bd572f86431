using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.OpenAI;

public sealed class OpenAIPassthroughTranslatorTests
{
    private const string Dir = "OpenAIChat-OpenAIChat/";
    private static readonly UpstreamTarget Target = new("gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini", "/v1");

    private static ITranslator NewTranslator() => new TranslatorFactory(TimeProvider.System).Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat);

    [Fact]
    public void Request_renames_model_and_asks_for_usage_keeping_every_other_byte()
    {
        var translated = NewTranslator().TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        Assert.Equal(Fixture.Text(Dir + "request.expected.json"), Encoding.UTF8.GetString(translated.Body));
        Assert.Equal("/v1/chat/completions", translated.Path);
        Assert.True(translated.Stream);
        Assert.Empty(translated.Headers);
    }

    [Theory]
    [InlineData("""{"stream_options":{"include_usage":false,"x":1},"model":"m","stream":true}""", """{"stream_options":{"include_usage":true,"x":1},"model":"up","stream":true}""")]
    [InlineData("""{"model":"m","stream":true,"stream_options":{"include_usage":true}}""", """{"model":"up","stream":true,"stream_options":{"include_usage":true}}""")]
    [InlineData("""{"model":"m","stream":false}""", """{"model":"up","stream":false}""")]
    [InlineData("""{ "model" : "m" }""", """{ "model" : "up" }""")]
    public void Request_stream_options_are_merged(string client, string expected)
    {
        var translated = NewTranslator().TranslateRequest(Encoding.UTF8.GetBytes(client), Target with { UpstreamModelId = "up" });
        Assert.Equal(expected, Encoding.UTF8.GetString(translated.Body));
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "model")]
    [InlineData("""{"model":7}""", "model")]
    [InlineData("""{"model":"m","stream":"yes"}""", "stream")]
    [InlineData("""[1]""", null)]
    [InlineData("""{"model":"m" """, null)]
    public void Bad_requests_are_refused_with_status_400_naming_the_field(string client, string? field)
    {
        var error = Assert.Throws<TranslationException>(() => NewTranslator().TranslateRequest(Encoding.UTF8.GetBytes(client), Target));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Json_response_names_the_served_model_and_reports_usage()
    {
        var translator = NewTranslator();
        translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        var output = TranslationRun.Response(translator, 200, false, Fixture.Bytes(Dir + "response.json"), [5]);
        Assert.Equal(Fixture.Text(Dir + "response.expected.json"), Encoding.UTF8.GetString(output));
        Assert.Equal(new TokenUsage(19, 10, 3), translator.Usage);
    }

    [Fact]
    public void Stream_names_the_served_model_in_every_chunk_and_keeps_the_usage_chunk_the_client_asked_for()
    {
        var translator = NewTranslator();
        translator.TranslateRequest("""{"model":"m","stream":true,"stream_options":{"include_usage":true}}"""u8, Target);
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [1]);
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(output));
        Assert.Equal(new TokenUsage(19, 10, 3), translator.Usage);
    }

    [Fact]
    public void Stream_drops_the_usage_chunk_the_router_asked_for_but_still_meters_it()
    {
        var translator = NewTranslator();
        translator.TranslateRequest(Fixture.Bytes(Dir + "request.json"), Target);
        var output = TranslationRun.Response(translator, 200, true, Fixture.Bytes(Dir + "stream.sse"), [13]);
        var events = SseTranscript.Parse(output);
        Assert.Equal(5, events.Count);
        Assert.DoesNotContain(events, e => e.Data.Contains("\"choices\":[]", StringComparison.Ordinal));
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal(new TokenUsage(19, 10, 3), translator.Usage);
    }

    [Fact]
    public void OpenAI_shaped_errors_pass_through_unchanged()
    {
        var translator = NewTranslator();
        var body = Fixture.Bytes(Dir + "error.json");
        Assert.Equal(body, TranslationRun.Response(translator, 429, false, body, [3]));
    }

    [Fact]
    public void Other_errors_are_wrapped_into_OpenAI_shape()
    {
        var output = TranslationRun.Response(NewTranslator(), 502, false, Fixture.Bytes(Dir + "error-plain.txt"));
        JsonAssert.Equivalent(Fixture.Bytes(Dir + "error-plain.expected.json"), output);
    }

    [Theory]
    [InlineData("data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}\n\n", "truncated_stream")]
    [InlineData("data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}", "invalid_upstream_response")]
    [InlineData("data: {not json}\n\ndata: {\"id\":\"late\"}\n\n", "invalid_upstream_response")]
    public void Broken_streams_end_with_one_error_chunk(string upstream, string code)
    {
        var output = TranslationRun.Response(NewTranslator(), 200, true, Encoding.UTF8.GetBytes(upstream), [4]);
        var events = SseTranscript.Parse(output);
        var last = JsonAssert.Parse(Encoding.UTF8.GetBytes(events[^1].Data));
        Assert.Equal(code, (string?)last["error"]?["code"]);
        Assert.DoesNotContain(events, e => e.Data.Contains("late", StringComparison.Ordinal));
    }

    [Fact]
    public void An_upstream_error_mid_stream_is_passed_on_and_ends_the_stream()
    {
        const string upstream = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}\n\ndata: {\"id\":\"late\"}\n\n";
        var output = TranslationRun.Response(NewTranslator(), 200, true, Encoding.UTF8.GetBytes(upstream));
        var events = SseTranscript.Parse(output);
        Assert.Single(events);
        Assert.Contains("overloaded", events[0].Data, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_stream_without_DONE_gets_one()
    {
        const string upstream = "data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        var events = SseTranscript.Parse(TranslationRun.Response(NewTranslator(), 200, true, Encoding.UTF8.GetBytes(upstream)));
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal(2, events.Count);
    }

    private static ITranslator NewPricedTranslator(Func<TokenUsage, decimal?> costOfUsage, string request)
    {
        var translator = new TranslatorFactory(TimeProvider.System).Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat, costOfUsage);
        translator.TranslateRequest(Encoding.UTF8.GetBytes(request), Target);
        return translator;
    }

    private const string StreamWithUsageRequest = """{"model":"m","stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public void Priced_stream_adds_the_cost_to_the_usage_chunk_and_changes_nothing_else()
    {
        var output = TranslationRun.Response(NewPricedTranslator(TestPricing.GptOss20b, StreamWithUsageRequest), 200, true,
            Fixture.Bytes(Dir + "stream.sse"), [1]);
        // 19 in x $0.05 + 10 out x $0.45 = $5.45 per 1M tokens
        var priced = TestPricing.AssertSingleCostEvent(output, "0.00000545");
        Assert.Contains("\"choices\":[]", priced.Data, StringComparison.Ordinal);
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(TestPricing.WithoutCost(output)));
    }

    [Fact]
    public void Priced_json_response_adds_the_cost_to_usage_and_changes_nothing_else()
    {
        var output = TranslationRun.Response(NewPricedTranslator(TestPricing.GptOss20b, """{"model":"m"}"""), 200, false,
            Fixture.Bytes(Dir + "response.json"), [5]);
        TestPricing.AssertCostInUsage(output, "0.00000545");
        Assert.Equal(Fixture.Text(Dir + "response.expected.json"), Encoding.UTF8.GetString(TestPricing.WithoutCost(output)));
    }

    [Fact]
    public void Unpriced_model_gets_no_cost()
    {
        var stream = TranslationRun.Response(NewPricedTranslator(TestPricing.Unpriced, StreamWithUsageRequest), 200, true, Fixture.Bytes(Dir + "stream.sse"));
        var json = TranslationRun.Response(NewPricedTranslator(TestPricing.Unpriced, """{"model":"m"}"""), 200, false, Fixture.Bytes(Dir + "response.json"));
        Assert.Equal(Fixture.Text(Dir + "stream.expected.sse"), Encoding.UTF8.GetString(stream));
        Assert.Equal(Fixture.Text(Dir + "response.expected.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Running_usage_on_content_chunks_is_not_priced_only_the_final_usage_is()
    {
        // vLLM's continuous_usage_stats: every chunk carries the usage so far; the totals come in the usage-only chunk.
        const string upstream = """
            data: {"id":"c","object":"chat.completion.chunk","model":"up","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":{"prompt_tokens":94,"completion_tokens":1}}

            data: {"id":"c","object":"chat.completion.chunk","model":"up","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":94,"completion_tokens":80}}

            data: {"id":"c","object":"chat.completion.chunk","model":"up","choices":[],"usage":{ }}

            data: [DONE]


            """;
        var output = TranslationRun.Response(NewPricedTranslator(TestPricing.GptOss20b, StreamWithUsageRequest), 200, true,
            Encoding.UTF8.GetBytes(upstream.ReplaceLineEndings("\n")), [7]);
        var events = SseTranscript.Parse(output);
        Assert.DoesNotContain("cost_usd", events[0].Data, StringComparison.Ordinal);
        // The finishing chunk and the (here empty) usage-only chunk both carry the final totals' cost: 94 x 0.05 + 80 x 0.45 = 40.70.
        TestPricing.AssertCostInUsage(Encoding.UTF8.GetBytes(events[1].Data), "0.00004070");
        Assert.Contains("\"usage\":{ \"cost_usd\":0.00004070}", events[2].Data, StringComparison.Ordinal);
    }
}
