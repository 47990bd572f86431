using System.Net;
using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Standalone;
using ExtProcRouter.WellKnown;
using Google.Protobuf;

namespace ExtProcRouter.Tests.Standalone;

public sealed class FrontDoorTests
{
    private const string Cluster = "simulated";

    private static GatewayOptions Options(bool failureModeAllow = false, long bufferLimit = 1 << 20) => new()
    {
        FailureModeAllow = failureModeAllow,
        MaxBufferedBodyBytes = bufferLimit,
        MessageTimeout = TimeSpan.FromMilliseconds(300),
        Clusters = { [Cluster] = new Uri("http://upstream.test") },
    };

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(GatewayOptions options, IExtProcClient processor,
        HttpMessageHandler upstream, HttpRequestMessage request)
    {
        await using var app = GatewayHost.Build(options, processor, ["http://127.0.0.1:0"], new HttpMessageInvoker(upstream));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        await app.StopAsync();
        return (response, body);
    }

    private static HttpRequestMessage Post(string body, string path = "/v1/chat/completions") =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HeaderValueOption Set(string key, string value) => new()
    {
        Header = new HeaderValue { Key = key, RawValue = ByteString.CopyFromUtf8(value) },
        AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
    };

    private static ExtProcReply Continue(ProcessingRequest request) => ExtProcReply.Of(request.RequestCase switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => new ProcessingResponse { RequestHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.RequestBody => new ProcessingResponse { RequestBody = new BodyResponse() },
        ProcessingRequest.RequestOneofCase.ResponseHeaders => new ProcessingResponse { ResponseHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.ResponseBody => new ProcessingResponse { ResponseBody = new BodyResponse() },
        _ => throw new InvalidOperationException(request.RequestCase.ToString()),
    });

    /// <summary>Routes to the cluster and replaces the body, as the sidecar does for a concrete model.</summary>
    private static ExtProcReply RouteAndRewrite(ProcessingRequest request, string newBody, bool clearRouteCache = true, int? contentLength = null)
    {
        if (request.RequestCase != ProcessingRequest.RequestOneofCase.RequestBody) return Continue(request);
        var common = new CommonResponse
        {
            ClearRouteCache = clearRouteCache,
            BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(newBody) },
            HeaderMutation = new HeaderMutation
            {
                SetHeaders =
                {
                    Set(HeaderNames.UpstreamCluster, Cluster),
                    Set(HeaderNames.Path, "/v1/rewritten"),
                    Set(HeaderNames.ContentLength, (contentLength ?? Encoding.UTF8.GetByteCount(newBody)).ToString()),
                    Set("host", "evil.example"),
                    Set("x-envoy-original-path", "/nope"),
                },
            },
        };
        return ExtProcReply.Of(new ProcessingResponse { RequestBody = new BodyResponse { Response = common } });
    }

    [Fact]
    public async Task Body_mutation_and_route_header_reach_the_selected_cluster()
    {
        var processor = new ScriptedProcessor(r => RouteAndRewrite(r, """{"model":"upstream-id"}"""));
        var upstream = RecordingUpstream.Json("""{"ok":true}""");

        var (response, body) = await SendAsync(Options(), processor, upstream, Post("""{"model":"m"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true}""", body);
        var (forwarded, forwardedBody) = Assert.Single(upstream.Requests);
        Assert.Equal("http://upstream.test/v1/rewritten", forwarded.RequestUri!.ToString());
        Assert.Equal("""{"model":"upstream-id"}""", Encoding.UTF8.GetString(forwardedBody));
        Assert.False(forwarded.Headers.Contains("x-envoy-original-path"));
        Assert.Equal(
            [ProcessingRequest.RequestOneofCase.RequestHeaders, ProcessingRequest.RequestOneofCase.RequestBody,
             ProcessingRequest.RequestOneofCase.ResponseHeaders, ProcessingRequest.RequestOneofCase.ResponseBody],
            processor.Received.Select(m => m.RequestCase));
        Assert.Equal(0, processor.OpenStreams);
    }

    [Fact]
    public async Task A_route_header_without_clear_route_cache_keeps_the_original_route()
    {
        var processor = new ScriptedProcessor(r => RouteAndRewrite(r, "{}", clearRouteCache: false));
        var upstream = RecordingUpstream.Json("{}");

        var (response, _) = await SendAsync(Options(), processor, upstream, Post("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_body_mutation_with_a_stale_content_length_is_rejected()
    {
        var processor = new ScriptedProcessor(r => RouteAndRewrite(r, """{"longer":"body"}""", contentLength: 2));
        var upstream = RecordingUpstream.Json("{}");

        var (response, _) = await SendAsync(Options(), processor, upstream, Post("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task An_immediate_response_is_sent_as_is_and_nothing_is_forwarded()
    {
        var processor = new ScriptedProcessor(_ => ExtProcReply.Of(new ProcessingResponse
        {
            ImmediateResponse = new ImmediateResponse
            {
                Status = new global::Envoy.Type.V3.HttpStatus { Code = global::Envoy.Type.V3.StatusCode.BadRequest },
                Headers = new HeaderMutation { SetHeaders = { Set(HeaderNames.ContentType, "application/json") } },
                Body = ByteString.CopyFromUtf8("""{"error":{"message":"bad","type":"invalid_request_error","code":null}}"""),
            },
        }));
        var upstream = RecordingUpstream.Json("{}");

        var (response, body) = await SendAsync(Options(), processor, upstream, Post("{"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("invalid_request_error", body);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_clean_close_lets_the_request_through_untouched()
    {
        var processor = new ScriptedProcessor(_ => ExtProcReply.ClosedCleanly);
        var upstream = RecordingUpstream.Json("{}");
        var request = Post("""{"a":1}""", "/other");
        request.Headers.Add(HeaderNames.UpstreamCluster, Cluster);

        var (response, _) = await SendAsync(Options(), processor, upstream, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(Assert.Single(upstream.Requests).Body));
        Assert.Single(processor.Received);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.GatewayTimeout)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task A_message_timeout_fails_the_request_unless_failure_mode_allow(bool failureModeAllow, HttpStatusCode expected)
    {
        var processor = new ScriptedProcessor(Continue, delay: TimeSpan.FromSeconds(5));
        var upstream = RecordingUpstream.Json("{}");
        var request = Post("{}");
        request.Headers.Add(HeaderNames.UpstreamCluster, Cluster);

        var (response, _) = await SendAsync(Options(failureModeAllow), processor, upstream, request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_processor_error_status_is_a_500()
    {
        var processor = new ScriptedProcessor(_ => ExtProcReply.Failed("INTERNAL: boom"));

        var (response, _) = await SendAsync(Options(), processor, RecordingUpstream.Json("{}"), Post("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_kind_is_a_spurious_message_and_fails_the_request()
    {
        var processor = new ScriptedProcessor(_ => ExtProcReply.Of(new ProcessingResponse { ResponseBody = new BodyResponse() }));

        var (response, _) = await SendAsync(Options(), processor, RecordingUpstream.Json("{}"), Post("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_buffer_limit_gets_413_before_the_processor_sees_it()
    {
        var processor = new ScriptedProcessor(Continue);

        var (response, _) = await SendAsync(Options(bufferLimit: 16), processor, RecordingUpstream.Json("{}"), Post(new string('x', 100)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(processor.Received, m => m.RequestCase == ProcessingRequest.RequestOneofCase.RequestBody);
    }

    [Fact]
    public async Task An_unreachable_upstream_becomes_a_503_that_the_processor_sees()
    {
        var processor = new ScriptedProcessor(r => RouteAndRewrite(r, "{}"));

        var (response, _) = await SendAsync(Options(), processor, RecordingUpstream.Unreachable(), Post("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var headers = processor.Received.Single(m => m.RequestCase == ProcessingRequest.RequestOneofCase.ResponseHeaders);
        Assert.Contains(headers.ResponseHeaders.Headers.Headers, h => h.Key == ":status" && h.RawValue.ToStringUtf8() == "503");
    }

    [Fact]
    public async Task Mode_override_streams_each_chunk_through_the_processor_and_drops_content_length()
    {
        var processor = new ScriptedProcessor(request =>
        {
            switch (request.RequestCase)
            {
                case ProcessingRequest.RequestOneofCase.ResponseHeaders:
                    return ExtProcReply.Of(new ProcessingResponse
                    {
                        ResponseHeaders = new HeadersResponse(),
                        ModeOverride = new ProcessingMode { ResponseBodyMode = ProcessingMode.Types.BodySendMode.Streamed },
                    });
                case ProcessingRequest.RequestOneofCase.ResponseBody:
                    var upper = request.ResponseBody.Body.ToStringUtf8().ToUpperInvariant();
                    return ExtProcReply.Of(new ProcessingResponse
                    {
                        ResponseBody = new BodyResponse { Response = new CommonResponse { BodyMutation = new BodyMutation { Body = ByteString.CopyFromUtf8(upper) } } },
                    });
                default:
                    return RouteAndRewrite(request, "{}");
            }
        });
        var upstream = new RecordingUpstream((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("data: hello\n\ndata: [DONE]\n\n", Encoding.UTF8, "text/event-stream"),
        });

        var (response, body) = await SendAsync(Options(), processor, upstream, Post("{}"));

        Assert.Equal("DATA: HELLO\n\nDATA: [DONE]\n\n", body);
        Assert.True(response.Headers.TransferEncodingChunked);
        var bodies = processor.Received.Where(m => m.RequestCase == ProcessingRequest.RequestOneofCase.ResponseBody).ToList();
        Assert.True(bodies.Last().ResponseBody.EndOfStream);
        Assert.All(bodies.SkipLast(1), m => Assert.False(m.ResponseBody.EndOfStream));
    }

    [Fact]
    public async Task Health_path_is_answered_without_the_processor()
    {
        var processor = new ScriptedProcessor(Continue);

        var (response, body) = await SendAsync(Options(), processor, RecordingUpstream.Json("{}"), new HttpRequestMessage(HttpMethod.Get, "/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body);
        Assert.Empty(processor.Received);
    }
}
