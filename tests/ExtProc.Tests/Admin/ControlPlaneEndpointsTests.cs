using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.Admin;

/// <summary>Records every router set handed to the routing module.</summary>
internal sealed class RecordingPublisher : IRouterSetPublisher
{
    public List<IReadOnlyList<StoredRouter>> Published { get; } = [];
    public void Publish(IReadOnlyList<StoredRouter> routers) { lock (Published) Published.Add(routers); }
}

/// <summary>The control plane over real HTTP on an ephemeral loopback port, with a SQLite file in a temp dir.</summary>
public sealed class ControlPlaneEndpointsTests : IAsyncLifetime
{
    private const string AdminToken = "admin-token-for-tests-only";
    private const string Path = ControlPlaneEndpoints.RoutersPath;

    private readonly string _directory = Directory.CreateTempSubdirectory("extproc-cp-").FullName;
    private readonly RouterConfig _config = RouterConfigLoader.Load(Yaml, _ => "key");
    private readonly RecordingPublisher _publisher = new();
    private WebApplication? _app;
    private HttpClient _client = new();

    private const string Yaml = """
        providers:
          - name: openai
            cluster: openai-cluster
            format: openai
            api_key_env: K
        models:
          - slug: cheap
            provider: openai
            input_price_per_million: 0.1
            output_price_per_million: 0.4
          - slug: frontier
            provider: openai
            input_price_per_million: 3
            output_price_per_million: 15
          - slug: unpriced
            provider: openai
          - slug: other
            provider: openai
        routers:
          - name: from-file
            policies:
              - custom_task: {name: t, description: d}
                models: [cheap]
            fallback_models: [cheap]
        """;

    private const string CreateBody = """
        {"name":"coding","description":"for code",
         "policies":[{"custom_task":{"name":"syntax-check","description":"Find syntax errors"},"models":["cheap","frontier"],
                      "selection_policy":{"prefer":"cheapest"}},
                     {"custom_task":{"name":"architecture","description":"Design systems"},"models":["frontier"]}],
         "fallback_models":["cheap"]}
        """;

    private string DatabasePath => System.IO.Path.Combine(_directory, "routers.db");

    public async Task InitializeAsync() => await StartAsync();

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IRouterConfigSource>(new StaticRouterConfigSource(_config));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IRouterSetPublisher>(_publisher);
        builder.Services.AddControlPlane(DatabasePath, AdminToken);
        _app = builder.Build();
        _app.MapControlPlane();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    private async Task StopAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private async Task<JsonElement> CreateAsync(string body = CreateBody)
    {
        var (status, json) = await ReadAsync(await _client.PostAsync(Path, Json(body)));
        Assert.Equal(HttpStatusCode.OK, status);
        return json.GetProperty("model_router");
    }

    [Fact]
    public async Task Create_returns_the_seed_shape_and_get_and_list_return_it()
    {
        var created = await CreateAsync();
        var uuid = created.GetProperty("uuid").GetString()!;
        Assert.True(Guid.TryParse(uuid, out _));
        Assert.Equal("coding", created.GetProperty("name").GetString());
        Assert.Equal("for code", created.GetProperty("description").GetString());
        var config = created.GetProperty("config");
        Assert.Equal("syntax-check", config.GetProperty("policies")[0].GetProperty("custom_task").GetProperty("name").GetString());
        Assert.Equal("cheapest", config.GetProperty("policies")[0].GetProperty("selection_policy").GetProperty("prefer").GetString());
        Assert.Equal(["cheap"], config.GetProperty("fallback_models").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.TryGetProperty("created_at", out _));
        Assert.True(created.TryGetProperty("updated_at", out _));

        var (getStatus, got) = await ReadAsync(await _client.GetAsync($"{Path}/{uuid}"));
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(uuid, got.GetProperty("model_router").GetProperty("uuid").GetString());

        var (listStatus, list) = await ReadAsync(await _client.GetAsync(Path));
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal([uuid], list.GetProperty("model_routers").EnumerateArray().Select(r => r.GetProperty("uuid").GetString()));
        Assert.Equal("coding", Assert.Single(_publisher.Published[^1]).Name);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_with_400()
    {
        await CreateAsync();
        var (status, body) = await ReadAsync(await _client.PostAsync(Path, Json(CreateBody)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("model router name already exists", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_invalid_router_is_refused_with_every_error_named()
    {
        const string bad = """
            {"name":"bad",
             "policies":[{"custom_task":{"name":"t","description":"d"},"models":["cheap","frontier","other","unpriced"]},
                         {"custom_task":{"name":"t","description":"d"},"models":["ghost"]},
                         {"custom_task":{"name":"u","description":"d"},"models":["unpriced"],"selection_policy":{"prefer":"cheapest"}}],
             "fallback_models":[]}
            """;
        var (status, body) = await ReadAsync(await _client.PostAsync(Path, Json(bad)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("router 'bad' task 't': a pool has at most 3 models, got 4", message);
        Assert.Contains("router 'bad' task 't': duplicate task name", message);
        Assert.Contains("model 'ghost' is not declared in models", message);
        Assert.Contains("router 'bad' task 'u': prefer 'cheapest' but no pool model has a price", message);
        Assert.Contains("router 'bad': fallback_models must list at least one model", message);
        Assert.DoesNotContain(_publisher.Published, p => p.Count > 0);
    }

    [Fact]
    public async Task A_name_taken_by_a_router_in_the_config_file_is_refused()
    {
        var (status, body) = await ReadAsync(await _client.PostAsync(Path, Json(CreateBody.Replace("\"coding\"", "\"from-file\""))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("router 'from-file': name is used by a router in the configuration file",
            body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_crash()
    {
        var (status, body) = await ReadAsync(await _client.PostAsync(Path, Json("{\"name\": ")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_json", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Update_replaces_the_router_and_keeps_its_creation_time()
    {
        var created = await CreateAsync();
        var uuid = created.GetProperty("uuid").GetString()!;
        var updatedBody = CreateBody.Replace("\"for code\"", "\"updated\"").Replace("\"fallback_models\":[\"cheap\"]", "\"fallback_models\":[\"frontier\"]");

        var (status, json) = await ReadAsync(await _client.PutAsync($"{Path}/{uuid}", Json(updatedBody)));

        Assert.Equal(HttpStatusCode.OK, status);
        var router = json.GetProperty("model_router");
        Assert.Equal("updated", router.GetProperty("description").GetString());
        Assert.Equal("frontier", router.GetProperty("config").GetProperty("fallback_models")[0].GetString());
        Assert.Equal(created.GetProperty("created_at").GetString(), router.GetProperty("created_at").GetString());
        Assert.Equal("updated", Assert.Single(_publisher.Published[^1]).Description);
    }

    [Fact]
    public async Task Renaming_onto_another_routers_name_is_refused()
    {
        await CreateAsync();
        var second = await CreateAsync(CreateBody.Replace("\"coding\"", "\"writing\""));
        var (status, body) = await ReadAsync(await _client.PatchAsync($"{Path}/{second.GetProperty("uuid").GetString()}", Json(CreateBody)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("model router name already exists", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_router_and_unknown_uuids_are_404()
    {
        var uuid = (await CreateAsync()).GetProperty("uuid").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"{Path}/{uuid}")).StatusCode);
        Assert.Empty(_publisher.Published[^1]);

        foreach (var response in new[]
                 {
                     await _client.GetAsync($"{Path}/{uuid}"),
                     await _client.DeleteAsync($"{Path}/{uuid}"),
                     await _client.PutAsync($"{Path}/{uuid}", Json(CreateBody)),
                 })
        {
            var (status, body) = await ReadAsync(response);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("router_not_found", body.GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer " + AdminToken + "x")]
    [InlineData("Basic " + AdminToken)]
    public async Task Every_call_without_the_admin_token_is_401(string? authorization)
    {
        using var anonymous = new HttpClient { BaseAddress = _client.BaseAddress };
        if (authorization is not null) anonymous.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        foreach (var response in new[]
                 {
                     await anonymous.GetAsync(Path),
                     await anonymous.PostAsync(Path, Json(CreateBody)),
                     await anonymous.DeleteAsync($"{Path}/{Guid.NewGuid()}"),
                 })
        {
            var (status, body) = await ReadAsync(response);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_admin_token", body.GetProperty("error").GetProperty("code").GetString());
            Assert.DoesNotContain(AdminToken, body.ToString());
        }
        Assert.Empty((await ReadAsync(await _client.GetAsync(Path))).Body.GetProperty("model_routers").EnumerateArray());
    }

    [Fact]
    public async Task Routers_survive_a_restart_on_the_same_database_and_are_published_at_startup()
    {
        var uuid = (await CreateAsync()).GetProperty("uuid").GetString()!;
        await StopAsync();
        _publisher.Published.Clear();

        await StartAsync();

        Assert.Equal(uuid, Assert.Single(Assert.Single(_publisher.Published)).Uuid);
        var (status, json) = await ReadAsync(await _client.GetAsync($"{Path}/{uuid}"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("coding", json.GetProperty("model_router").GetProperty("name").GetString());
    }
}
