using System.Net;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Simulation;

namespace ExtProcRouter.Tests.Simulation;

public sealed class SimulatedProviderTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = SimulatedProviderHost.Build(["http://127.0.0.1:0"]);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Echoes_the_last_user_message_with_usage()
    {
        var response = await PostAsync("""{"model":"m1","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}""");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("m1", root.GetProperty("model").GetString());
        Assert.Equal(SimulatedProvider.ReplyPrefix + "hello there", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal((8 + 11) / 4, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(SimulatedProvider.Fingerprint, root.GetProperty("system_fingerprint").GetString());
    }

    [Fact]
    public async Task Streams_word_by_word_with_a_usage_chunk_and_done()
    {
        var response = await PostAsync("""{"model":"m1","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"a b"}]}""");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var text = new StringBuilder();
        foreach (var e in events[..^2])
        {
            using var chunk = JsonDocument.Parse(e["data: ".Length..]);
            var delta = chunk.RootElement.GetProperty("choices")[0].GetProperty("delta");
            if (delta.TryGetProperty("content", out var content)) text.Append(content.GetString());
        }
        Assert.Equal(SimulatedProvider.ReplyPrefix + "a b", text.ToString());
        using var usage = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.Equal(5, usage.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Malformed_json_gets_an_openai_style_400()
    {
        var response = await PostAsync("{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
