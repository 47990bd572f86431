using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.WellKnown;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Metrics;

/// <summary>Scripted Envoy traffic through the real service; then the scrape must show exactly what happened.</summary>
public class TrafficMetricsTests
{
    private const string Model = "gpt-oss-20b";
    private static readonly (string, string)[] Series =
        [(MetricLabels.ProviderName, "openai"), (MetricLabels.RequestModel, Model), (MetricLabels.ResponseModel, Model)];

    private readonly MeteredHarness _harness = new();

    private Task<List<ProcessingResponse>> NonStreamedAsync() => _harness.RunAsync(
        RequestHeaders(),
        RequestBody($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}]}"""),
        ResponseHeaders(),
        ResponseBody("""{"choices":[]}"""));

    private Task<List<ProcessingResponse>> StreamedAsync() => _harness.RunAsync(
        RequestHeaders(),
        RequestBody($$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
        ResponseHeaders(contentType: "text/event-stream"),
        ResponseBody("data: {}\n\n", endOfStream: false),
        ResponseBody("data: {}\n\n", endOfStream: false),
        ResponseBody("data: [DONE]\n\n", endOfStream: true));

    [Fact]
    public async Task Token_usage_duration_and_cost_are_recorded_per_model_and_provider()
    {
        await NonStreamedAsync();
        await StreamedAsync();

        var scrape = _harness.Scrape();
        Assert.Equal(2, scrape.Value(MetricNames.TokenUsage + "_count", [.. Series, (MetricLabels.TokenType, "input")]));
        Assert.Equal(188, scrape.Value(MetricNames.TokenUsage + "_sum", [.. Series, (MetricLabels.TokenType, "input")]));
        Assert.Equal(160, scrape.Value(MetricNames.TokenUsage + "_sum", [.. Series, (MetricLabels.TokenType, "output")]));
        Assert.DoesNotContain(scrape[MetricNames.TokenUsage].Samples, s => s.Labels[MetricLabels.TokenType] == "cached");
        // Non-streamed: 3 steps from request headers to the response body; streamed: 5 steps.
        Assert.Equal(0.08, scrape.Value(MetricNames.OperationDuration + "_sum", Series), 9);
        Assert.Equal(2, scrape.Value(MetricNames.OperationDuration + "_count", Series));
        Assert.Equal(2 * 0.0000407, scrape.Value(MetricNames.EstimatedCost, (MetricLabels.Router, ""), (MetricLabels.Model, Model)), 12);
        Assert.Equal(2, scrape.Value(MetricNames.Requests, (MetricLabels.Status, "200"), (MetricLabels.Outcome, "completed")));
    }

    [Fact]
    public async Task Streams_give_time_to_first_token_and_time_per_output_token()
    {
        await StreamedAsync();

        var scrape = _harness.Scrape();
        // First translated bytes arrive with the 4th message: 3 steps after the request headers.
        Assert.Equal(0.03, scrape.Value(MetricNames.TimeToFirstToken + "_sum", Series), 9);
        Assert.Equal(1, scrape.Value(MetricNames.TimeToFirstToken + "_count", Series));
        // 2 more steps for the remaining 79 output tokens.
        Assert.Equal(0.02 / 79, scrape.Value(MetricNames.TimePerOutputToken + "_sum", Series), 12);
    }

    [Fact]
    public async Task A_non_streamed_response_carries_the_cost_header_and_both_kinds_carry_cost_metadata()
    {
        var buffered = await NonStreamedAsync();
        var streamed = await StreamedAsync();

        var reply = buffered[^1];
        Assert.Equal(Case.ResponseBody, reply.ResponseCase);
        var header = Assert.Single(reply.ResponseBody.Response.HeaderMutation.SetHeaders, h => h.Header.Key == HeaderNames.CostUsd);
        Assert.Equal("0.00004070", header.Header.RawValue.ToStringUtf8());
        Assert.Equal("0.00004070", CostOf(reply));

        Assert.All(streamed.Where(r => r.ResponseCase == Case.ResponseBody), r => Assert.Null(r.ResponseBody.Response.HeaderMutation));
        Assert.Null(streamed[^2].DynamicMetadata);
        Assert.Equal("0.00004070", CostOf(streamed[^1]));
    }

    [Fact]
    public async Task An_unpriced_model_gets_no_cost_header_and_no_cost_metric()
    {
        var replies = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"unpriced","messages":[]}"""), ResponseHeaders(),
            ResponseBody("{}"));

        Assert.DoesNotContain(replies[^1].ResponseBody.Response.HeaderMutation.SetHeaders, h => h.Header.Key == HeaderNames.CostUsd);
        Assert.Null(replies[^1].DynamicMetadata);
        Assert.Empty(_harness.Scrape()[MetricNames.EstimatedCost].Samples);
    }

    [Fact]
    public async Task Streams_messages_and_immediate_responses_are_counted()
    {
        await NonStreamedAsync();
        await StreamedAsync();
        var rejected = await _harness.RunAsync(RequestHeaders(), RequestBody("""{"model":"no-such-model","messages":[]}"""));
        await _harness.RunAsync(RequestHeaders(path: "/not-an-llm-path"));

        Assert.Equal(Case.ImmediateResponse, rejected[^1].ResponseCase);
        var status = ((int)rejected[^1].ImmediateResponse.Status.Code).ToString();
        var scrape = _harness.Scrape();
        Assert.Equal(4, scrape.Value(MetricNames.Streams));
        Assert.Equal(0, scrape.Value(MetricNames.ActiveStreams));
        Assert.Equal(4, scrape.Value(MetricNames.Messages, (MetricLabels.Phase, "request_headers")));
        Assert.Equal(3, scrape.Value(MetricNames.Messages, (MetricLabels.Phase, "request_body")));
        Assert.Equal(4, scrape.Value(MetricNames.Messages, (MetricLabels.Phase, "response_body")));
        Assert.Equal(1, scrape.Value(MetricNames.ImmediateResponses, (MetricLabels.Status, status)));
        Assert.Equal(1, scrape.Value(MetricNames.Requests, (MetricLabels.Status, status), (MetricLabels.Outcome, "rejected")));
    }

    private static string CostOf(ProcessingResponse reply) =>
        reply.DynamicMetadata.Fields[MetadataNamespaces.Router].StructValue.Fields[MetadataKeys.CostUsd].StringValue;
}
