using ExtProcRouter.Configuration;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Tests.Processing.Support;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Routing.Affinity;

/// <summary>x-model-affinity through the real processor: read on the request, echoed on the response.</summary>
public sealed class AffinityHeaderTests : IDisposable
{
    private const string RouterBody = """{"model":"router:coding","messages":[{"role":"user","content":"hi"}]}""";

    private readonly ManualTimeProvider _time = new();
    private readonly MemoryAffinityStore _store;
    private readonly ScriptedRouterSelector _router;
    private readonly SwitchableAvailability _availability = new();
    private readonly RecordingMetricsSink _records = new();
    private readonly ExternalProcessorService _service;

    public AffinityHeaderTests()
    {
        var config = TestConfigs.Load();
        _store = new MemoryAffinityStore(AffinityOptions.Default, _time);
        _router = new ScriptedRouterSelector(config);
        var affinity = new SessionAffinity(_store, new StaticRouterConfigSource(config), _availability, new RecordingLogger<SessionAffinity>());
        var factory = new LlmRequestProcessorFactory(config, new StaticModelSelector(config, _router), new FakeTranslatorFactory(),
            _records, _time, new RecordingLogger<LlmRequestProcessor>(), affinity: affinity);
        _service = new ExternalProcessorService(factory, new RecordingLogger<ExternalProcessorService>());
    }

    public void Dispose() => _store.Dispose();

    private async Task<Dictionary<string, string>> ResponseHeadersOfAsync(string? affinityId)
    {
        var writer = new RecordingResponseWriter();
        (string, string)[] extra = affinityId is null ? [] : [("x-model-affinity", affinityId)];
        await _service.ProcessAsync(new ScriptedRequestReader([RequestHeaders(extra: extra), RequestBody(RouterBody), ResponseHeaders()]),
            writer, default);
        var reply = writer.Responses.Single(r => r.ResponseCase == Case.ResponseHeaders);
        return reply.ResponseHeaders.Response.HeaderMutation.SetHeaders.ToDictionary(h => h.Header.Key, h => h.Header.RawValue.ToStringUtf8());
    }

    [Fact]
    public async Task The_session_id_is_echoed_and_the_pinned_model_serves_later_requests()
    {
        var first = await ResponseHeadersOfAsync("agent-7");
        _router.NextModel = "claude";
        var second = await ResponseHeadersOfAsync("agent-7");

        Assert.Equal("agent-7", first["x-model-affinity"]);
        Assert.Equal(("gpt-small", "gpt-small"), (first["x-model-router-model"], second["x-model-router-model"]));
        Assert.Equal("code-review", second["x-model-router-selected-route"]);
        Assert.False(second.ContainsKey("x-model-affinity-repinned"));
        Assert.Equal(1, _router.Calls);
    }

    [Fact]
    public async Task A_re_pin_is_announced_in_a_response_header()
    {
        await ResponseHeadersOfAsync("agent-8");
        _availability.Unavailable.Add("gpt-small");
        _router.NextModel = "claude";

        var headers = await ResponseHeadersOfAsync("agent-8");

        Assert.Equal(("claude", "true"), (headers["x-model-router-model"], headers["x-model-affinity-repinned"]));
        Assert.Equal([AffinityOutcome.Miss, AffinityOutcome.Switch], _records.Records.Select(r => r.Affinity));
    }

    [Fact]
    public async Task Each_request_records_what_affinity_did_for_metrics_and_the_decision_log()
    {
        await ResponseHeadersOfAsync("agent-9");
        await ResponseHeadersOfAsync("agent-9");
        await ResponseHeadersOfAsync(null);

        Assert.Equal([AffinityOutcome.Miss, AffinityOutcome.Hit, null], _records.Records.Select(r => r.Affinity));
    }

    [Fact]
    public async Task Without_the_header_nothing_is_echoed_or_pinned()
    {
        var headers = await ResponseHeadersOfAsync(null);
        Assert.False(headers.ContainsKey("x-model-affinity"));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task An_overlong_session_id_is_refused_with_400()
    {
        var writer = new RecordingResponseWriter();
        await _service.ProcessAsync(new ScriptedRequestReader([RequestHeaders(extra: [("x-model-affinity", new string('a', 257))])]), writer, default);
        var reply = Assert.Single(writer.Responses);
        Assert.Equal(400, (int)reply.ImmediateResponse.Status.Code);
        Assert.Contains("invalid_affinity_id", reply.ImmediateResponse.Body.ToStringUtf8());
    }
}
