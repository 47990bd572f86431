using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.EndToEnd;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.Cost;

/// <summary>
/// The whole path on ephemeral ports and a Unix socket: client -> front door -> gRPC -> sidecar -> simulated provider.
/// The client sees the cost header; the sidecar's /metrics and decision log agree with the usage the provider reported.
/// </summary>
public sealed class CostEndToEndTests : IAsyncLifetime
{
    private const string ClientSecret = "Bearer sk-client-never-logged-123";
    private RouterStack _stack = null!;

    public async Task InitializeAsync()
    {
        var config = RouterConfigLoader.Load("""
            providers:
              - name: simulated
                cluster: simulated
                format: openai
                base_path: /v1
            models:
              - slug: sim-echo
                provider: simulated
                upstream_model: sim-echo-1
                input_price_per_million: 0.05
                output_price_per_million: 0.45
            """, _ => null);
        _stack = await RouterStack.StartAsync(new RouterStackOptions { Config = config, UnixSocket = true, AdminPort = true, DecisionLog = true });
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    /// <summary>The sidecar records a request when its gRPC stream ends, which may be just after the client got its answer.</summary>
    private async Task<Exposition> ScrapeAfterRecordAsync(HttpClient client)
    {
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var scrape = Exposition.Parse(await client.GetStringAsync(new Uri(_stack.Admin, "/metrics"), waited.Token));
            if (scrape[MetricNames.Requests].Samples.Count > 0) return scrape;
            await Task.Delay(20, waited.Token);
        }
    }

    [Fact]
    public async Task The_client_gets_the_cost_header_and_metrics_and_decision_log_agree_with_the_usage()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_stack.FrontDoor, "/v1/chat/completions"))
        {
            Content = new StringContent("""{"model":"sim-echo","messages":[{"role":"user","content":"please echo these few words back"}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(ClientSecret);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = body.RootElement.GetProperty("usage");
        var input = usage.GetProperty("prompt_tokens").GetInt64();
        var output = usage.GetProperty("completion_tokens").GetInt64();
        var expected = (input * 0.05m + output * 0.45m) / 1_000_000m;
        Assert.True(expected > 0);

        Assert.Equal(expected.ToString("0.00000000##", CultureInfo.InvariantCulture),
            Assert.Single(response.Headers.GetValues(HeaderNames.CostUsd)));

        var scrape = await ScrapeAfterRecordAsync(client);
        Assert.Equal((double)expected, scrape.Value(MetricNames.EstimatedCost, (MetricLabels.Model, "sim-echo")), 12);
        Assert.Equal(input, scrape.Value(MetricNames.TokenUsage + "_sum", (MetricLabels.TokenType, GenAiValues.Input), (MetricLabels.ProviderName, "simulated")));
        Assert.Equal(1, scrape.Value(MetricNames.Streams));

        await _stack.StopAsync(); // flushes the decision log
        var line = Assert.Single(File.ReadAllLines(_stack.DecisionLogPath));
        Assert.DoesNotContain("sk-client-never-logged", line);
        Assert.DoesNotContain("echo these few words", line);
        using var logged = JsonDocument.Parse(line);
        Assert.Equal(expected, logged.RootElement.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(output, logged.RootElement.GetProperty("output_tokens").GetInt64());
    }
}
