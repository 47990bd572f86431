using System.Text.Json;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Security;
using ExtProcRouter.Tests.Processing.Support;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Security;

/// <summary>The access-key check in the request-headers phase, through the real processor and service.</summary>
public class AccessKeyEnforcementTests
{
    private const string Key = "sk-router-access-key-42";
    private const string ChatBody = """{"model":"gpt-small","messages":[{"role":"user","content":"hi"}]}""";

    private readonly RecordingLogger<LlmRequestProcessor> _processorLog = new();
    private readonly RecordingLogger<ExternalProcessorService> _serviceLog = new();

    private async Task<List<global::Envoy.Service.ExtProc.V3.ProcessingResponse>> RunAsync(AccessKeyVerifier verifier, params (string, string)[] headers)
    {
        var config = TestConfigs.Load();
        var factory = new LlmRequestProcessorFactory(config, new StaticModelSelector(config), new FakeTranslatorFactory(),
            new RecordingMetricsSink(), new ManualTimeProvider(), _processorLog, verifier);
        var service = new ExternalProcessorService(factory, _serviceLog);
        var writer = new RecordingResponseWriter();
        await service.ProcessAsync(new ScriptedRequestReader([RequestHeaders(extra: headers), RequestBody(ChatBody)]), writer, default);
        return writer.Responses;
    }

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("Bearer sk-router-wrong-key", "invalid_api_key")]
    public async Task A_missing_or_wrong_key_is_answered_with_a_401_that_never_contains_the_key(string? authorization, string code)
    {
        var replies = await RunAsync(new AccessKeyVerifier([Key]), authorization is null ? [] : [("authorization", authorization)]);

        // Envoy ends the stream on an immediate response; the scripted body after it is never routed.
        var reply = replies[0];
        Assert.DoesNotContain(replies, r => r.ResponseCase == Case.RequestBody && r.RequestBody.Response?.BodyMutation is not null);
        Assert.Equal(Case.ImmediateResponse, reply.ResponseCase);
        Assert.Equal(401, (int)reply.ImmediateResponse.Status.Code);
        var body = reply.ImmediateResponse.Body.ToStringUtf8();
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("sk-router", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_processorLog.Lines.Concat(_serviceLog.Lines), line => line.Contains("sk-router", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_right_key_is_routed_and_replaced_by_the_provider_credential()
    {
        var replies = await RunAsync(new AccessKeyVerifier([Key]), ("authorization", "Bearer " + Key));

        Assert.Equal([Case.RequestHeaders, Case.RequestBody], replies.Select(r => r.ResponseCase));
        var set = replies[1].RequestBody.Response.HeaderMutation.SetHeaders.Single(h => h.Header.Key == "authorization");
        Assert.Equal("Bearer " + TestConfigs.OpenAIKey, set.Header.RawValue.ToStringUtf8());
    }

    [Fact]
    public async Task Without_configured_keys_a_request_without_authorization_is_routed()
    {
        var replies = await RunAsync(AccessKeyVerifier.Open);
        Assert.Equal([Case.RequestHeaders, Case.RequestBody], replies.Select(r => r.ResponseCase));
    }
}
