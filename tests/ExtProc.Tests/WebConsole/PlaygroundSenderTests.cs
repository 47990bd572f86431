using System.Net;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Tests.EndToEnd;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>The Playground's Send through the real stack: console API -> front door -> sidecar -> simulated provider.</summary>
public sealed class PlaygroundSenderTests
{
    private static StringContent SendBody(string prompt, string? accessKey = null) => new(JsonSerializer.Serialize(new
    {
        router = "demo",
        messages = new[] { new { role = "user", content = prompt } },
        access_key = accessKey,
    }), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Send_returns_the_answer_a_client_gets_from_the_front_door_and_counts_as_traffic()
    {
        await using var stack = await ConsoleStack.StartAsync();
        using var admin = stack.AdminClient();
        using var direct = await stack.ChatAsync("router:demo", ConsoleStack.CodeReviewPrompt);
        var expectedModel = direct.Headers.GetValues("x-model-router-model").Single();

        using var response = await admin.PostAsync("/api/console/send", SendBody(ConsoleStack.CodeReviewPrompt));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await JsonOf(response);
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
        Assert.Equal(expectedModel, reply.GetProperty("model").GetString());
        Assert.Equal("code_review", reply.GetProperty("task").GetString());
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("content").GetString()));
        Assert.True(reply.GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(direct.Headers.GetValues("x-model-router-cost-usd").Single() is { Length: > 0 }, reply.GetProperty("cost_usd").GetString() is { Length: > 0 });
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("error").ValueKind);

        // The sidecar records a request when its gRPC stream ends, which may be just after the client got its answer.
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var requests = 0;
        while (requests < 2)
        {
            await Task.Delay(20, waited.Token);
            using var analytics = await admin.GetAsync("/api/console/analytics?window=1h", waited.Token);
            requests = (await JsonOf(analytics)).GetProperty("totals").GetProperty("requests").GetInt32();
        }
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Send_needs_the_admin_token_and_the_access_key_is_never_echoed()
    {
        await using var stack = await ConsoleStack.StartAsync();
        using var anonymous = stack.AdminClient(token: null);
        using var refused = await anonymous.PostAsync("/api/console/send", SendBody("hi"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var admin = stack.AdminClient();
        using var response = await admin.PostAsync("/api/console/send", SendBody(ConsoleStack.CodeReviewPrompt, accessKey: "sk-playground-secret-42"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("sk-playground-secret-42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_front_door_send_is_503_naming_the_setting_and_the_catalog_says_so()
    {
        await using var stack = await ConsoleStack.StartAsync(tellSidecarTheFrontDoor: false);
        using var admin = stack.AdminClient();

        using var response = await admin.PostAsync("/api/console/send", SendBody("hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = (await JsonOf(response)).GetProperty("error");
        Assert.Equal("front_door_not_configured", error.GetProperty("code").GetString());
        Assert.Contains("server.front_door_url", error.GetProperty("message").GetString());
        using var catalog = await admin.GetAsync("/api/console/catalog");
        Assert.False((await JsonOf(catalog)).GetProperty("can_send").GetBoolean());
    }

    [Theory]
    [InlineData("""{"router":"demo","messages":[{"role":"user","content":"hi"}],"access_key":5}""", 400, "access_key")]
    [InlineData("""{"router":"nope","messages":[{"role":"user","content":"hi"}]}""", 404, "router")]
    [InlineData("""{"router":"demo","messages":[]}""", 400, "messages")]
    public async Task Bad_send_requests_get_openai_errors_naming_the_field(string body, int status, string param)
    {
        await using var stack = await ConsoleStack.StartAsync();
        using var admin = stack.AdminClient();

        using var response = await admin.PostAsync("/api/console/send", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(param, (await JsonOf(response)).GetProperty("error").GetProperty("param").GetString());
    }
}
