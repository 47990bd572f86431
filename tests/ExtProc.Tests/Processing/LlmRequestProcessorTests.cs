using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Processing;

public class LlmRequestProcessorTests
{
    private readonly LlmHarness _harness = new();

    private const string ChatBody = """{"model":"gpt-small","messages":[{"role":"user","content":"hi"}]}""";
    private const string StreamingChatBody = """{"model":"gpt-small","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static string? SetValue(HeaderMutation mutation, string name)
    {
        var option = mutation.SetHeaders.SingleOrDefault(h => h.Header.Key == name);
        if (option is null) return null;
        Assert.Equal(HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd, option.AppendAction);
        Assert.Equal("", option.Header.Value); // values go in raw_value
        return option.Header.RawValue.ToStringUtf8();
    }

    private static (int Status, JsonElement Error, ImmediateResponse Reply) ErrorOf(ProcessingResponse response)
    {
        Assert.Equal(Case.ImmediateResponse, response.ResponseCase);
        var reply = response.ImmediateResponse;
        Assert.Equal("application/json", SetValue(reply.Headers, "content-type"));
        using var json = JsonDocument.Parse(reply.Body.Memory);
        var error = json.RootElement.GetProperty("error").Clone();
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        return ((int)reply.Status.Code, error, reply);
    }

    [Fact]
    public async Task A_known_model_is_routed_to_its_provider_with_all_header_mutations()
    {
        var replies = await _harness.RunAsync(
            RequestHeaders(extra: [("authorization", "Bearer client-token"), ("x-model-router-cluster", "evil"), ("content-length", "70")]),
            RequestBody(ChatBody));

        Assert.Equal([Case.RequestHeaders, Case.RequestBody], replies.Select(r => r.ResponseCase));
        var headersReply = replies[0].RequestHeaders.Response;
        Assert.Equal(CommonResponse.Types.ResponseStatus.Continue, headersReply.Status);
        Assert.Contains("x-model-router-cluster", headersReply.HeaderMutation.RemoveHeaders);
        Assert.Null(headersReply.BodyMutation);
        var common = replies[1].RequestBody.Response;
        Assert.True(common.ClearRouteCache);
        Assert.Equal(CommonResponse.Types.ResponseStatus.Continue, common.Status);
        var body = common.BodyMutation.Body;
        using var sent = JsonDocument.Parse(body.Memory);
        Assert.Equal("gpt-small-2025", sent.RootElement.GetProperty("model").GetString());
        Assert.Equal("fake", sent.RootElement.GetProperty("translated_by").GetString());

        var mutation = common.HeaderMutation;
        Assert.Equal("openai-cluster", SetValue(mutation, "x-model-router-cluster"));
        Assert.Equal("Bearer " + TestConfigs.OpenAIKey, SetValue(mutation, "authorization"));
        Assert.Equal("/v1/chat/completions", SetValue(mutation, ":path"));
        Assert.Equal(body.Length.ToString(), SetValue(mutation, "content-length"));
        Assert.Equal("identity", SetValue(mutation, "accept-encoding"));
        Assert.Equal("7", SetValue(mutation, "x-fake-provider-version"));
        Assert.Contains("content-encoding", mutation.RemoveHeaders);
        Assert.Contains("x-api-key", mutation.RemoveHeaders);
        Assert.Contains("x-goog-api-key", mutation.RemoveHeaders);
        // The provider's key overwrites the client's authorization; removing it as well would drop the key.
        Assert.DoesNotContain("authorization", mutation.RemoveHeaders);
        Assert.Single(mutation.SetHeaders, h => h.Header.Key == "x-model-router-cluster");
    }

    [Fact]
    public async Task An_alias_resolves_to_its_model_and_a_keyless_provider_strips_client_credentials()
    {
        var replies = await _harness.RunAsync(
            RequestHeaders(extra: [("authorization", "Bearer client-token")]),
            RequestBody("""{"model":"sim","messages":[]}"""));
        var mutation = replies[1].RequestBody.Response.HeaderMutation;
        Assert.Equal("simulated", SetValue(mutation, "x-model-router-cluster"));
        Assert.Contains("authorization", mutation.RemoveHeaders);
        Assert.Null(SetValue(mutation, "authorization"));

        var aliased = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"small"}"""));
        Assert.Equal("openai-cluster", SetValue(aliased[1].RequestBody.Response.HeaderMutation, "x-model-router-cluster"));
    }

    [Fact]
    public async Task An_anthropic_provider_gets_its_key_in_x_api_key_and_the_client_authorization_is_removed()
    {
        var replies = await _harness.RunAsync(
            RequestHeaders(extra: [("authorization", "Bearer client-token")]),
            RequestBody("""{"model":"claude","messages":[]}"""));

        var mutation = replies[1].RequestBody.Response.HeaderMutation;
        Assert.Equal("anthropic-cluster", SetValue(mutation, "x-model-router-cluster"));
        Assert.Equal(TestConfigs.AnthropicKey, SetValue(mutation, "x-api-key"));
        Assert.Contains("authorization", mutation.RemoveHeaders);
        Assert.DoesNotContain("x-api-key", mutation.RemoveHeaders);
        Assert.Equal((ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages),
            (_harness.Translators.Created[0].Client, _harness.Translators.Created[0].Provider));
    }

    [Fact]
    public async Task A_configured_llm_path_with_a_query_string_is_handled()
    {
        var replies = await _harness.RunAsync(RequestHeaders(path: "/custom/chat?debug=1"), RequestBody(ChatBody));

        Assert.Equal(Case.RequestBody, replies[1].ResponseCase);
        Assert.NotNull(replies[1].RequestBody.Response.BodyMutation);
    }

    [Fact]
    public async Task A_non_llm_path_gets_no_reply_at_all()
    {
        var replies = await _harness.RunAsync(RequestHeaders(method: "GET", path: "/v1/models"), ResponseHeaders());

        Assert.Empty(replies);
        Assert.Empty(_harness.Metrics.Records);
    }

    [Fact]
    public async Task A_streamed_200_event_stream_is_switched_to_streamed_mode_and_each_chunk_is_translated()
    {
        var replies = await _harness.RunAsync(
            RequestHeaders(), RequestBody(StreamingChatBody),
            ResponseHeaders(200, "text/event-stream; charset=utf-8", extra: [("content-length", "999")]),
            ResponseBody("data: {\"model\":\"gpt-small-2025\"}\n\n", endOfStream: false),
            ResponseBody("", endOfStream: false),
            ResponseBody("data: [DONE]\n\n", endOfStream: true));

        var headers = replies[2].ResponseHeaders.Response.HeaderMutation;
        Assert.Equal(ProcessingMode.Types.BodySendMode.Streamed, replies[2].ModeOverride.ResponseBodyMode);
        Assert.Contains("content-length", headers.RemoveHeaders);
        Assert.Equal("gpt-small", SetValue(headers, "x-model-router-model"));

        Assert.Equal("T|data: {\"model\":\"gpt-small\"}\n\n", replies[3].ResponseBody.Response.BodyMutation.Body.ToStringUtf8());
        Assert.Equal(BodyMutation.MutationOneofCase.Body, replies[4].ResponseBody.Response.BodyMutation.MutationCase);
        Assert.True(replies[4].ResponseBody.Response.BodyMutation.Body.IsEmpty);
        Assert.Equal("T|data: [DONE]\n\n", replies[5].ResponseBody.Response.BodyMutation.Body.ToStringUtf8());
        Assert.All(replies.Skip(3), r => Assert.Null(r.ResponseBody.Response.HeaderMutation));

        var translator = _harness.Translators.Created.Single();
        Assert.Equal([(200, true)], translator.Begins);
        Assert.Equal([false, false, true], translator.Chunks.Select(c => c.EndOfStream));
    }

    [Theory]
    [InlineData(StreamingChatBody, 429, "application/json")]
    [InlineData(StreamingChatBody, 503, "text/event-stream")]
    [InlineData(StreamingChatBody, 200, "application/json")]
    [InlineData(ChatBody, 200, "text/event-stream")]
    public async Task Anything_but_a_requested_200_event_stream_stays_buffered_and_is_translated_whole(
        string requestBody, int status, string contentType)
    {
        var upstream = """{"model":"gpt-small-2025","error":null}""";
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(requestBody),
            ResponseHeaders(status, contentType), ResponseBody(upstream));

        Assert.Null(replies[2].ModeOverride);
        Assert.DoesNotContain("content-length", replies[2].ResponseHeaders.Response.HeaderMutation.RemoveHeaders);
        var body = replies[3].ResponseBody.Response;
        var translated = body.BodyMutation.Body;
        Assert.Equal("T|" + upstream.Replace("gpt-small-2025", "gpt-small"), translated.ToStringUtf8());
        Assert.Equal(translated.Length.ToString(), SetValue(body.HeaderMutation, "content-length"));
        Assert.Equal([(status, contentType == "text/event-stream")], _harness.Translators.Created.Single().Begins);
        Assert.True(_harness.Translators.Created.Single().Chunks.Single().EndOfStream);
    }

    [Fact]
    public async Task A_compressed_provider_response_is_forwarded_untouched()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody),
            ResponseHeaders(200, "application/json", extra: [("content-encoding", "gzip")]), ResponseBody("\x1f\x8b..."));

        Assert.Equal("gpt-small", SetValue(replies[2].ResponseHeaders.Response.HeaderMutation, "x-model-router-model"));
        Assert.Null(replies[3].ResponseBody.Response);
        Assert.Empty(_harness.Translators.Created.Single().Chunks);
    }

    [Fact]
    public async Task A_local_reply_coming_back_through_the_response_path_is_not_translated_again()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"nope"}"""),
            ResponseHeaders(404, "application/json"), ResponseBody("""{"error":{}}"""));

        Assert.Equal([Case.RequestHeaders, Case.ImmediateResponse, Case.ResponseHeaders, Case.ResponseBody],
            replies.Select(r => r.ResponseCase));
        Assert.Null(replies[2].ResponseHeaders.Response);
        Assert.Null(replies[3].ResponseBody.Response);
        Assert.Empty(_harness.Translators.Created);
    }

    [Fact]
    public async Task Envoys_own_local_reply_before_the_body_is_left_alone()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), ResponseHeaders(413, "text/plain"), ResponseBody("Payload Too Large"));

        Assert.Equal([Case.RequestHeaders, Case.ResponseHeaders, Case.ResponseBody], replies.Select(r => r.ResponseCase));
        Assert.Null(replies[1].ResponseHeaders.Response);
        Assert.Null(replies[2].ResponseBody.Response);
        Assert.Equal(413, _harness.Metrics.Records.Single().StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_invalid_json()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model": "gpt-small", """));

        var (status, error, reply) = ErrorOf(replies[1]);
        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
        Assert.Equal("extproc_router_invalid_json", reply.Details);
    }

    [Theory]
    [InlineData("[1,2]", "invalid_json")]
    [InlineData("{} {}", "invalid_json")]
    [InlineData("", "missing_body")]
    [InlineData("""{"messages":[]}""", "missing_model")]
    [InlineData("""{"model":42}""", "missing_model")]
    [InlineData("""{"model":""}""", "missing_model")]
    public async Task Bodies_without_a_usable_model_are_400(string body, string code)
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(body));

        var (status, error, _) = ErrorOf(replies[1]);
        Assert.Equal(400, status);
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_missing_model_names_the_param()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody("{}"));

        Assert.Equal("model", ErrorOf(replies[1]).Error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("gpt-huge")]
    [InlineData("router:coding")]
    public async Task An_unknown_model_or_router_is_404_model_not_found(string model)
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody($$"""{"model":"{{model}}"}"""));

        var (status, error, _) = ErrorOf(replies[1]);
        Assert.Equal(404, status);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains(model.Replace("router:", ""), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_announced_or_not()
    {
        var announced = await _harness.RunAsync(RequestHeaders(extra: [("content-length", "2049")]));
        Assert.Equal(413, ErrorOf(announced[0]).Status);
        Assert.Equal("request_too_large", ErrorOf(announced[0]).Error.GetProperty("code").GetString());

        var big = "{\"model\":\"gpt-small\",\"pad\":\"" + new string('x', 2048) + "\"}";
        var actual = await _harness.RunAsync(RequestHeaders(), RequestBody(big));
        Assert.Equal(413, ErrorOf(actual[1]).Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task A_wrong_method_on_an_llm_path_is_405_with_allow(string method)
    {
        var replies = await _harness.RunAsync(RequestHeaders(method: method));

        var (status, error, reply) = ErrorOf(replies[0]);
        Assert.Equal(405, status);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal("POST", SetValue(reply.Headers, "allow"));
    }

    [Fact]
    public async Task A_post_without_body_is_400()
    {
        var replies = await _harness.RunAsync(RequestHeaders(endOfStream: true));

        Assert.Equal("missing_body", ErrorOf(replies[0]).Error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_translation_exception_becomes_its_status_naming_the_field()
    {
        _harness.Translators.Configure = t => t.ThrowOnRequest = new TranslationException(422, "logit_bias", "logit_bias cannot be translated");

        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody));

        var (status, error, _) = ErrorOf(replies[1]);
        Assert.Equal(422, status);
        Assert.Equal("logit_bias", error.GetProperty("param").GetString());
        Assert.Contains("logit_bias", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unexpected_failure_in_the_request_is_a_logged_500()
    {
        _harness.Translators.Configure = t => t.ThrowOnRequest = new InvalidOperationException("secret internals");

        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody));

        var (status, error, _) = ErrorOf(replies[1]);
        Assert.Equal(500, status);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain("secret internals", error.GetRawText());
        Assert.Contains(_harness.AllLogLines, l => l.Contains("secret internals"));
    }

    [Fact]
    public async Task A_response_translation_failure_is_a_502()
    {
        _harness.Translators.Configure = t => t.ThrowOnResponse = new InvalidOperationException("bad upstream bytes");

        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody), ResponseHeaders(), ResponseBody("{}"));

        var (status, error, _) = ErrorOf(replies[3]);
        Assert.Equal(502, status);
        Assert.Equal("upstream_translation_failed", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_provider_without_its_key_is_503_naming_the_variable_only()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"gem"}"""));

        var (status, error, _) = ErrorOf(replies[1]);
        Assert.Equal(503, status);
        Assert.Contains("TEST_GEMINI_KEY_UNSET", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unsupported_api_pair_is_400()
    {
        _harness.Translators.Unsupported.Add((ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat));

        var replies = await _harness.RunAsync(RequestHeaders(path: "/v1/messages"), RequestBody(ChatBody));

        Assert.Equal("unsupported_api", ErrorOf(replies[1]).Error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_gzip_request_body_is_decoded_and_content_encoding_removed()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(ChatBody));

        var replies = await _harness.RunAsync(RequestHeaders(extra: [("content-encoding", "gzip")]), RequestBody(compressed.ToArray()));

        var common = replies[1].RequestBody.Response;
        Assert.Contains("content-encoding", common.HeaderMutation.RemoveHeaders);
        Assert.Equal("gpt-small-2025", JsonDocument.Parse(common.BodyMutation.Body.Memory).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task An_unknown_content_encoding_is_415()
    {
        var replies = await _harness.RunAsync(RequestHeaders(extra: [("content-encoding", "zstd")]), RequestBody(ChatBody));

        Assert.Equal(415, ErrorOf(replies[1]).Status);
    }

    [Fact]
    public async Task A_request_body_in_pieces_is_refused_on_the_second_piece()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody, endOfStream: false), RequestBody("", endOfStream: true));

        Assert.Equal(Case.RequestBody, replies[1].ResponseCase);
        Assert.Equal("request_body_not_buffered", ErrorOf(replies[2]).Error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_key_appears_in_any_error_body_or_log_line()
    {
        _harness.Translators.Configure = t => t.ThrowOnResponse = new InvalidOperationException("x");
        var all = new List<ProcessingResponse>();
        all.AddRange(await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"gem"}""")));
        all.AddRange(await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody), ResponseHeaders(), ResponseBody("{}")));
        all.AddRange(await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"claude"}"""), ResponseHeaders(500), ResponseBody("{}")));

        foreach (var reply in all.Where(r => r.ResponseCase == Case.ImmediateResponse))
        {
            Assert.DoesNotContain(TestConfigs.OpenAIKey, reply.ImmediateResponse.Body.ToStringUtf8());
            Assert.DoesNotContain(TestConfigs.AnthropicKey, reply.ImmediateResponse.Body.ToStringUtf8());
        }
        Assert.NotEmpty(_harness.AllLogLines);
        Assert.DoesNotContain(_harness.AllLogLines, l => l.Contains(TestConfigs.OpenAIKey) || l.Contains(TestConfigs.AnthropicKey));
        Assert.DoesNotContain(TestConfigs.OpenAIKey, _harness.Config.Providers[0].ToString());
    }

    [Fact]
    public async Task The_request_record_has_usage_time_to_first_token_and_outcome()
    {
        var writer = new RecordingResponseWriter();
        var script = new ProcessingRequest[]
        {
            RequestHeaders(), RequestBody(StreamingChatBody), ResponseHeaders(200, "text/event-stream"),
            ResponseBody("", endOfStream: false), ResponseBody("data: {}\n\n", endOfStream: false), ResponseBody("data: [DONE]\n\n"),
        };
        // Each reply moves the clock 10 ms, so the first non-empty output is the fifth reply: 40 ms after the request headers.
        writer.OnWrite = () => _harness.Time.Advance(TimeSpan.FromMilliseconds(10));

        await _harness.Service.ProcessAsync(new ScriptedRequestReader(script), writer, CancellationToken.None);

        var record = _harness.Metrics.Records.Single();
        Assert.Equal(("gpt-small", "gpt-small", "openai"), (record.RequestedModel, record.ServedModel, record.Provider));
        Assert.Equal(200, record.StatusCode);
        Assert.True(record.Streamed);
        Assert.Equal(new TokenUsage(12, 34, null), record.Usage);
        Assert.Equal(TimeSpan.FromMilliseconds(40), record.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(60), record.Duration);
        Assert.Equal(RequestOutcome.Completed, record.Outcome);
    }

    [Fact]
    public async Task Rejected_and_unfinished_requests_are_recorded_as_such()
    {
        await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"nope"}"""));
        await _harness.RunAsync(RequestHeaders(), RequestBody(ChatBody), ResponseHeaders());

        Assert.Equal([RequestOutcome.Rejected, RequestOutcome.Incomplete], _harness.Metrics.Records.Select(r => r.Outcome));
        Assert.Equal(404, _harness.Metrics.Records[0].StatusCode);
        Assert.Null(_harness.Metrics.Records[1].TimeToFirstToken);
    }
}
