using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Routing.Routers;

/// <summary>
/// Cooldown and fallback sequences as Envoy would drive them: each request is a full ext_proc stream whose
/// response phase carries the upstream status; the statuses reach the cooldowns through the metrics sink.
/// </summary>
public class RouterThroughProcessorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly ScriptedClassifier _classifier = new();
    private readonly ModelCooldowns _cooldowns;
    private readonly MeasuredTtftTracker _ttft = new(0.5);
    private readonly RecordingMetricsSink _records = new();
    private readonly ExternalProcessorService _service;

    public RouterThroughProcessorTests()
    {
        var config = RoutingConfigs.Load();
        var source = new StaticRouterConfigSource(config);
        _cooldowns = new ModelCooldowns(source, _time);
        var routers = new RouterModelSelector(source, _classifier, new LiveModelMetrics(null, null, _ttft), _cooldowns,
            NullLogger<RouterModelSelector>.Instance);
        var factory = new LlmRequestProcessorFactory(config, new LiveModelSelector(source, routers), new FakeTranslatorFactory(),
            new RoutingFeedbackSink(_cooldowns, _ttft, _records), _time, new RecordingLogger<LlmRequestProcessor>());
        _service = new ExternalProcessorService(factory, new RecordingLogger<ExternalProcessorService>());
    }

    private const string Body = """{"model":"router:dev","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"any syntax issues?"}]}""";

    private sealed record Outcome(string? Route, string? Model, int? LocalStatus, JsonElement? Error);

    /// <summary>One request whose upstream answers <paramref name="upstreamStatus"/> (ignored when the sidecar answers itself).</summary>
    private async Task<Outcome> SendAsync(int upstreamStatus, string body = Body)
    {
        var writer = new RecordingResponseWriter();
        await _service.ProcessAsync(new ScriptedRequestReader(
            [RequestHeaders(), RequestBody(body), ResponseHeaders(upstreamStatus), ResponseBody("""{"ok":true}""")]), writer, CancellationToken.None);
        if (writer.Responses[1].ResponseCase == Case.ImmediateResponse)
        {
            var reply = writer.Responses[1].ImmediateResponse;
            using var json = JsonDocument.Parse(reply.Body.Memory);
            return new Outcome(null, null, (int)reply.Status.Code, json.RootElement.GetProperty("error").Clone());
        }
        var headers = writer.Responses[2].ResponseHeaders.Response.HeaderMutation.SetHeaders;
        string? Header(string name) => headers.SingleOrDefault(h => h.Header.Key == name)?.Header.RawValue.ToStringUtf8();
        return new Outcome(Header("x-model-router-selected-route"), Header("x-model-router-model"), null, null);
    }

    [Fact]
    public async Task The_matched_task_and_served_model_are_in_the_response_headers()
    {
        _classifier.Route = "review";
        var outcome = await SendAsync(200);
        Assert.Equal(("review", "cheap"), (outcome.Route, outcome.Model));
        // The classifier got the trimmed conversation (no system message) and the router's tasks.
        var call = _classifier.Calls.Last();
        Assert.Equal(["any syntax issues?"], call.Conversation.Select(t => t.Text));
        Assert.Equal(["review", "design", "quick"], call.Routes.Select(r => r.Name));
    }

    [Fact]
    public async Task No_matching_task_goes_to_the_first_fallback_model()
    {
        _classifier.Route = "other";
        var outcome = await SendAsync(200);
        Assert.Equal(("fallback", "fb1"), (outcome.Route, outcome.Model));
    }

    [Fact]
    public async Task Failures_walk_down_the_pool_then_the_fallbacks_then_answer_503_naming_the_router()
    {
        _classifier.Route = "review";
        Assert.Equal(("review", "cheap"), Pair(await SendAsync(429)));
        Assert.Equal(("review", "mid"), Pair(await SendAsync(500)));
        Assert.Equal(("fallback", "fb1"), Pair(await SendAsync(503)));
        Assert.Equal(("fallback", "fb2"), Pair(await SendAsync(502)));

        var refused = await SendAsync(200);
        Assert.Equal(503, refused.LocalStatus);
        Assert.Equal("no_model_available", refused.Error!.Value.GetProperty("code").GetString());
        Assert.Contains("'dev'", refused.Error.Value.GetProperty("message").GetString());
        // The sidecar's own 503 says nothing about any model: no new cooldown from it.
        Assert.Equal(4, _cooldowns.FailuresReported);

        // Each model failed once: 10 s later they are all back, and the pool's first model serves again.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(("review", "cheap"), Pair(await SendAsync(200)));
    }

    [Fact]
    public async Task Repeated_failures_lengthen_the_cooldown_and_a_success_clears_it()
    {
        _classifier.Route = "review";
        Assert.Equal("cheap", (await SendAsync(500)).Model);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("cheap", (await SendAsync(500)).Model);   // second failure in a row: 20 s
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("mid", (await SendAsync(200)).Model);     // still cooling
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("cheap", (await SendAsync(200)).Model);   // back, and the success clears the count
        Assert.Null(_cooldowns.StateOf("cheap"));
        Assert.Equal("cheap", (await SendAsync(429)).Model);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), _cooldowns.StateOf("cheap")!.Until);
    }

    [Fact]
    public async Task Client_errors_neither_cool_down_nor_clear()
    {
        _classifier.Route = "review";
        await SendAsync(400);
        Assert.True(_cooldowns.IsAvailable("cheap"));
        Assert.Equal(("review", "cheap"), Pair(await SendAsync(404)));
        Assert.Equal(0, _cooldowns.FailuresReported);
    }

    [Fact]
    public async Task Concrete_model_names_bypass_the_router_but_still_feed_cooldowns()
    {
        var outcome = await SendAsync(503, """{"model":"vendor-cheap","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal((null, "cheap"), Pair(outcome));
        Assert.False(_cooldowns.IsAvailable("cheap"));
        Assert.Empty(_classifier.Calls);
    }

    private static (string? Route, string? Model) Pair(Outcome outcome) => (outcome.Route, outcome.Model);
}
