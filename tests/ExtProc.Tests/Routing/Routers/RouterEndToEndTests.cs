using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.EndToEnd;
using OpenAI;
using OpenAI.Chat;

namespace ExtProcRouter.Tests.Routing.Routers;

/// <summary>
/// router:&lt;name&gt; through the whole path on ephemeral ports (front door -> real gRPC -> sidecar as SidecarHost wires
/// it -> simulated provider), with the keyword classifier and the software-engineering preset.
/// </summary>
public sealed class RouterEndToEndTests : IAsyncLifetime
{
    private const string ConfigYaml = """
        server: {tcp_host: 127.0.0.1, tcp_port: 0}
        providers:
          - {name: simulated, cluster: simulated, format: openai, base_path: /v1}
        models:
          - {slug: gpt-4o-mini, provider: simulated, upstream_model: sim-small}
          - {slug: claude-sonnet-4, provider: simulated, upstream_model: sim-frontier}
        routers:
          - name: software-engineering
            preset: software-engineering
            fallback_models: [gpt-4o-mini]
        """;

    private RouterStack _stack = null!;
    private Uri _frontDoor = null!;

    public async Task InitializeAsync()
    {
        _stack = await RouterStack.StartAsync(new RouterStackOptions { Config = RouterConfigLoader.Load(ConfigYaml, _ => null) });
        _frontDoor = _stack.FrontDoor;
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("Are there any syntax issues here?\n\n```python\ndef add(a, b)\n    return a + b\n```", "code_review", "gpt-4o-mini")]
    [InlineData("We're migrating our monolith to microservices. Orders, billing and inventory share one database. Propose a phased decomposition strategy.",
        "architecture_design", "claude-sonnet-4")]
    public async Task The_openai_sdk_gets_the_task_in_the_header_and_the_model_in_the_body(string prompt, string task, string model)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(_frontDoor, "/v1") };
        var client = new ChatClient("router:software-engineering", new ApiKeyCredential("client-key"), options);

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage(prompt)]);

        Assert.Equal(model, result.Value.Model);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-model-router-selected-route", out var route));
        Assert.Equal(task, route);
    }

    [Fact]
    public async Task An_unrelated_request_is_served_by_the_fallback_and_an_unknown_router_is_404()
    {
        using var http = new HttpClient { BaseAddress = _frontDoor };
        using var response = await http.PostAsJsonAsync("/v1/chat/completions",
            new { model = "router:software-engineering", messages = new[] { new { role = "user", content = "How long should I boil an egg for a runny yolk?" } } });
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("fallback", response.Headers.GetValues("x-model-router-selected-route").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gpt-4o-mini", body.RootElement.GetProperty("model").GetString());

        using var missing = await http.PostAsJsonAsync("/v1/chat/completions",
            new { model = "router:nope", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(404, (int)missing.StatusCode);
        using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Contains("'nope'", error.RootElement.GetProperty("error").GetProperty("message").GetString());
    }
}
