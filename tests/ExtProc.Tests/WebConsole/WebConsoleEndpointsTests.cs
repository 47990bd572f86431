using System.Net;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Tests.EndToEnd;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>The console's page and API on the real sidecar's admin port, with real traffic through the front door.</summary>
public sealed class WebConsoleEndpointsTests : IAsyncLifetime
{
    private RouterStack _stack = null!;

    public async Task InitializeAsync() => _stack = await ConsoleStack.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.True(error.TryGetProperty("message", out _));
        Assert.True(error.TryGetProperty("type", out _));
        Assert.True(error.TryGetProperty("param", out _));
        return error.Clone();
    }

    private async Task<JsonElement> DryRunAsync(string prompt)
    {
        using var admin = _stack.AdminClient();
        var body = JsonSerializer.Serialize(new { router = "demo", messages = new[] { new { role = "user", content = prompt } } });
        using var response = await admin.PostAsync("/api/console/route", Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task The_page_loads_without_a_token_from_the_assembly()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _stack.Admin };

        using var redirect = await anonymous.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/console/", redirect.Headers.Location?.OriginalString);

        using var page = await anonymous.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("js/app.js", await page.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());

        using var script = await anonymous.GetAsync("/console/js/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        using var missing = await anonymous.GetAsync("/console/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Every_data_call_needs_the_admin_token(string? token)
    {
        using var client = _stack.AdminClient(token);
        foreach (var response in new[]
                 {
                     await client.GetAsync("/api/console/analytics"),
                     await client.GetAsync("/api/console/catalog"),
                     await client.PostAsync("/api/console/route", Json("""{"router":"demo","messages":[{"role":"user","content":"hi"}]}""")),
                     await client.PostAsync("/v2/gen-ai/models/routers?dry_run=true", Json("{}")),
                 })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("invalid_admin_token", (await ErrorOf(response)).GetProperty("code").GetString());
            }
        }
    }

    [Theory]
    [InlineData(ConsoleStack.CodeReviewPrompt)]
    [InlineData("Plan the migration of our monolith to services and weigh the architectural trade-offs")]
    [InlineData("Tell me a joke about penguins")]
    public async Task The_dry_run_picks_the_model_a_real_request_through_the_stack_gets(string prompt)
    {
        var dryRun = await DryRunAsync(prompt);

        using var real = await _stack.ChatAsync("router:demo", prompt);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(real.Headers.GetValues(HeaderNames.ServedModel).Single(), dryRun.GetProperty("model").GetString());
        Assert.Equal(real.Headers.GetValues(HeaderNames.SelectedRoute).Single(), dryRun.GetProperty("task").GetString());
        Assert.Equal(dryRun.GetProperty("task").GetString() == "fallback", dryRun.GetProperty("fallback").GetBoolean());
    }

    [Fact]
    public async Task The_dry_run_explains_the_ranking_with_prices()
    {
        var result = await DryRunAsync(ConsoleStack.CodeReviewPrompt);

        Assert.Equal("code_review", result.GetProperty("task").GetString());
        Assert.Equal("sim-small", result.GetProperty("model").GetString());
        Assert.Equal("cheapest", result.GetProperty("preference").GetString());
        Assert.Equal("keyword", result.GetProperty("classifier").GetString());
        Assert.InRange(result.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.True(result.GetProperty("decision_ms").GetDouble() >= 0);
        var candidates = result.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(["sim-small", "sim-frontier"], candidates.Select(c => c.GetProperty("model").GetString()));
        Assert.True(candidates[0].GetProperty("chosen").GetBoolean());
        Assert.False(candidates[1].GetProperty("chosen").GetBoolean());
        Assert.Equal(0.50m, candidates[0].GetProperty("price_per_million").GetDecimal());
        Assert.Equal(18m, candidates[1].GetProperty("price_per_million").GetDecimal());
        Assert.Equal("sim-echo", result.GetProperty("fallback_models")[0].GetProperty("model").GetString());
        Assert.Equal(2, result.GetProperty("scores").GetArrayLength());
    }

    [Fact]
    public async Task Bad_route_requests_get_openai_errors()
    {
        using var admin = _stack.AdminClient();

        using var unknown = await admin.PostAsync("/api/console/route", Json("""{"router":"nope","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var notFound = await ErrorOf(unknown);
        Assert.Equal("router_not_found", notFound.GetProperty("code").GetString());
        Assert.Equal("router", notFound.GetProperty("param").GetString());

        using var malformed = await admin.PostAsync("/api/console/route", Json("""{"router":"""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid_json", (await ErrorOf(malformed)).GetProperty("code").GetString());

        using var noMessages = await admin.PostAsync("/api/console/route", Json("""{"router":"demo","messages":[]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noMessages.StatusCode);
        Assert.Equal("messages", (await ErrorOf(noMessages)).GetProperty("param").GetString());

        using var badWindow = await admin.GetAsync("/api/console/analytics?window=3d");
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        Assert.Equal("invalid_window", (await ErrorOf(badWindow)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Analyze_counts_the_real_requests_and_not_the_dry_runs()
    {
        using (var routed = await _stack.ChatAsync("router:demo", ConsoleStack.CodeReviewPrompt)) Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        using (var fallback = await _stack.ChatAsync("router:demo", "Tell me a joke about penguins")) Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        using (var direct = await _stack.ChatAsync("sim-echo", "hello")) Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        await DryRunAsync(ConsoleStack.CodeReviewPrompt);

        using var admin = _stack.AdminClient();
        JsonElement report;
        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The sidecar records a request when its gRPC stream ends, which may be just after the client got its answer.
        while (true)
        {
            using var document = JsonDocument.Parse(await admin.GetStringAsync("/api/console/analytics?window=15m", waited.Token));
            report = document.RootElement.Clone();
            if (report.GetProperty("totals").GetProperty("requests").GetInt32() >= 3) break;
            await Task.Delay(20, waited.Token);
        }

        var totals = report.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("requests").GetInt32());
        Assert.Equal(2, totals.GetProperty("router_requests").GetInt32());
        Assert.Equal(2, totals.GetProperty("task_matched").GetInt32() + totals.GetProperty("fallbacks").GetInt32());
        Assert.Equal(900, report.GetProperty("window_seconds").GetInt32());
        Assert.Equal(3, report.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("requests").GetInt32()));
        var models = report.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()).ToArray();
        Assert.Contains("sim-small", models);
        Assert.Contains("sim-echo", models);
    }

    [Fact]
    public async Task Validation_is_a_dry_run_and_the_catalog_shows_created_routers_as_api_routers()
    {
        using var admin = _stack.AdminClient();
        const string valid = """
            {"name":"coding","policies":[{"custom_task":{"name":"syntax","description":"Find syntax errors"},"models":["sim-small"]}],
             "fallback_models":["sim-echo"]}
            """;

        using var invalid = await admin.PostAsync("/v2/gen-ai/models/routers?dry_run=true",
            Json("""{"name":"Bad Name","policies":[],"fallback_models":["nope"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var error = await ErrorOf(invalid);
        Assert.Equal("invalid_router", error.GetProperty("code").GetString());
        Assert.Contains("nope", error.GetProperty("message").GetString());

        using var fileName = await admin.PostAsync("/v2/gen-ai/models/routers?dry_run=true", Json(valid.Replace("coding", "demo")));
        Assert.Equal(HttpStatusCode.BadRequest, fileName.StatusCode);

        using var accepted = await admin.PostAsync("/v2/gen-ai/models/routers?dry_run=true", Json(valid));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, JsonDocument.Parse(await admin.GetStringAsync("/v2/gen-ai/models/routers")).RootElement.GetProperty("model_routers").GetArrayLength());

        using var created = await admin.PostAsync("/v2/gen-ai/models/routers", Json(valid));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var uuid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("model_router").GetProperty("uuid").GetString();

        using var taken = await admin.PostAsync("/v2/gen-ai/models/routers?dry_run=true", Json(valid));
        Assert.Equal("router_name_exists", (await ErrorOf(taken)).GetProperty("code").GetString());
        using var sameOnEdit = await admin.PutAsync($"/v2/gen-ai/models/routers/{uuid}?dry_run=true", Json(valid));
        Assert.Equal(HttpStatusCode.OK, sameOnEdit.StatusCode);
        using var editMissing = await admin.PutAsync("/v2/gen-ai/models/routers/no-such-uuid?dry_run=true", Json(valid));
        Assert.Equal(HttpStatusCode.NotFound, editMissing.StatusCode);

        using var catalog = JsonDocument.Parse(await admin.GetStringAsync("/api/console/catalog"));
        var routers = catalog.RootElement.GetProperty("routers").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("api", routers["coding"].GetProperty("source").GetString());
        Assert.Equal(uuid, routers["coding"].GetProperty("uuid").GetString());
        Assert.Equal("file", routers["demo"].GetProperty("source").GetString());
        Assert.Equal(3, catalog.RootElement.GetProperty("models").GetArrayLength());
    }
}
