using System.Text;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Translation.WellKnown;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// The per-request cost reaches the client inside the usage it already reads: front door -> gRPC -> sidecar ->
/// simulated provider, for streams (whose headers left before the usage was known) and buffered bodies.
/// </summary>
public sealed class StreamCostTests : IAsyncLifetime
{
    // gpt-oss-20b's prices; the simulated provider counts characters / 4 in and words out, so this prompt is the seeds'
    // worked example: 376 characters = 94 tokens in, "[simulated] You said: " + 77 words = 80 tokens out.
    private static readonly string WorkedExamplePrompt =
        string.Join(' ', Enumerable.Repeat("four", 69).Concat(Enumerable.Repeat("tri", 8)));

    // 94 x $0.05 + 80 x $0.45 = $40.70 per 1M tokens, worked by hand.
    private const string WorkedExampleCost = "0.00004070";

    private RouterStack _stack = null!;

    public async Task InitializeAsync() => _stack = await RouterStack.StartAsync(new RouterStackOptions { Config = RouterConfigLoader.Load("""
        providers:
          - name: simulated
            cluster: simulated
            format: openai
            base_path: /v1
        models:
          - slug: sim-priced
            provider: simulated
            upstream_model: sim-echo-1
            input_price_per_million: 0.05
            output_price_per_million: 0.45
          - slug: sim-unpriced
            provider: simulated
            upstream_model: sim-echo-1
        """, _ => null) });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, string model, bool stream, bool includeUsage = false)
    {
        var request = new Dictionary<string, object>
        {
            ["model"] = model,
            ["messages"] = new[] { new { role = "user", content = WorkedExamplePrompt } },
        };
        if (path == "/v1/messages") request["max_tokens"] = 200;
        if (stream) request["stream"] = true;
        if (includeUsage) request["stream_options"] = new { include_usage = true };
        using var client = new HttpClient();
        var response = await client.PostAsync(new Uri(_stack.FrontDoor, path),
            new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static List<(string Type, string Data)> Events(string sse) =>
        sse.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (
                lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..] ?? "",
                string.Join('\n', lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]))))
            .ToList();

    /// <summary>The cost as the client's JSON carries it: the number's exact text, which must match the header's format.</summary>
    private static string CostText(JsonElement usage) => usage.GetProperty(UsageFields.CostUsd).GetRawText();

    [Fact]
    public async Task A_streaming_OpenAI_client_finds_the_cost_in_the_final_usage_chunk()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", "sim-priced", stream: true, includeUsage: true);

        Assert.False(response.Headers.Contains(HeaderNames.CostUsd));
        var events = Events(body);
        Assert.Equal("[DONE]", events[^1].Data);
        var priced = events.Where(e => e.Data.Contains(UsageFields.CostUsd, StringComparison.Ordinal)).ToList();
        using var usageChunk = JsonDocument.Parse(Assert.Single(priced).Data);
        Assert.Equal(events[^2].Data, priced[0].Data);
        Assert.Equal(0, usageChunk.RootElement.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.RootElement.GetProperty("usage");
        Assert.Equal((94, 80), (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32()));
        Assert.Equal(WorkedExampleCost, CostText(usage));
    }

    [Fact]
    public async Task A_streaming_Anthropic_client_finds_the_cost_in_message_delta()
    {
        var (_, body) = await PostAsync("/v1/messages", "sim-priced", stream: true);

        var events = Events(body);
        var priced = Assert.Single(events, e => e.Data.Contains(UsageFields.CostUsd, StringComparison.Ordinal));
        Assert.Equal("message_delta", priced.Type);
        using var delta = JsonDocument.Parse(priced.Data);
        Assert.Equal(WorkedExampleCost, CostText(delta.RootElement.GetProperty("usage")));
    }

    [Fact]
    public async Task A_buffered_answer_carries_the_same_digits_in_the_header_and_the_usage()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", "sim-priced", stream: false);

        using var completion = JsonDocument.Parse(body);
        Assert.Equal(WorkedExampleCost, Assert.Single(response.Headers.GetValues(HeaderNames.CostUsd)));
        Assert.Equal(WorkedExampleCost, CostText(completion.RootElement.GetProperty("usage")));
    }

    [Fact]
    public async Task A_model_without_prices_gets_no_cost_anywhere()
    {
        var (streamed, streamBody) = await PostAsync("/v1/chat/completions", "sim-unpriced", stream: true, includeUsage: true);
        var (buffered, jsonBody) = await PostAsync("/v1/chat/completions", "sim-unpriced", stream: false);

        Assert.Contains("\"usage\"", streamBody, StringComparison.Ordinal);
        Assert.DoesNotContain(UsageFields.CostUsd, streamBody, StringComparison.Ordinal);
        Assert.Contains("\"usage\"", jsonBody, StringComparison.Ordinal);
        Assert.DoesNotContain(UsageFields.CostUsd, jsonBody, StringComparison.Ordinal);
        Assert.False(streamed.Headers.Contains(HeaderNames.CostUsd));
        Assert.False(buffered.Headers.Contains(HeaderNames.CostUsd));
    }
}
