using System.Net.Http.Headers;
using System.Text;
using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;
using ExtProcRouter.Simulation;
using ExtProcRouter.Standalone;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>
/// The whole stack the console runs in: front door -> gRPC over a Unix socket -> sidecar (admin port with the control
/// plane and the console) -> simulated provider. Like RouterStack, plus the admin listener and a router to route with.
/// </summary>
internal sealed class ConsoleStack : IAsyncDisposable
{
    public const string AdminToken = "console-admin-token-for-tests";

    private readonly string _directory = Directory.CreateTempSubdirectory("console-stack-").FullName;
    private readonly List<WebApplication> _apps = [];
    private SidecarConnection? _connection;

    public Uri FrontDoor { get; private set; } = null!;
    public Uri Admin { get; private set; } = null!;
    public WebApplication Sidecar { get; private set; } = null!;

    public static async Task<ConsoleStack> StartAsync()
    {
        var stack = new ConsoleStack();
        var simulated = await stack.StartAsync(SimulatedProviderHost.Build(["http://127.0.0.1:0"]));
        var socket = Path.Combine(stack._directory, "extproc.sock");
        var config = RouterConfigLoader.Load(ConfigYaml.Replace("{socket}", socket, StringComparison.Ordinal), _ => null);
        var database = Path.Combine(stack._directory, "routers.db");
        stack.Sidecar = SidecarHost.Build(config, services => services.AddControlPlane(database, AdminToken));
        stack.Admin = new Uri(await stack.StartAsync(stack.Sidecar));
        stack._connection = SidecarConnection.Open("unix:" + socket);
        var options = new GatewayOptions { Clusters = { ["simulated"] = new Uri(simulated) } };
        stack.FrontDoor = new Uri(await stack.StartAsync(GatewayHost.Build(options, stack._connection, ["http://127.0.0.1:0"])));
        return stack;
    }

    private async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    /// <summary>A client for the admin port that sends the admin token.</summary>
    public HttpClient AdminClient(string? token = AdminToken)
    {
        var client = new HttpClient { BaseAddress = Admin };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends one chat request through the front door, as a client would.</summary>
    public async Task<HttpResponseMessage> ChatAsync(string model, string userMessage)
    {
        using var client = new HttpClient();
        var body = $$"""{"model":{{System.Text.Json.JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(userMessage)}}}]}""";
        return await client.PostAsync(new Uri(FrontDoor, "/v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
    }

    public const string CodeReviewPrompt = "Are there any syntax issues here? def add(a, b) return a + b";

    private const string ConfigYaml = """
        server:
          uds_path: {socket}
          admin_port: 0
        providers:
          - name: simulated
            cluster: simulated
            format: openai
            base_path: /v1
        models:
          - slug: sim-echo
            provider: simulated
            upstream_model: sim-echo-1
            input_price_per_million: 0
            output_price_per_million: 0
          - slug: sim-small
            provider: simulated
            upstream_model: sim-small-1
            input_price_per_million: 0.10
            output_price_per_million: 0.40
          - slug: sim-frontier
            provider: simulated
            upstream_model: sim-frontier-1
            input_price_per_million: 3.00
            output_price_per_million: 15.00
        intent_model:
          classifier: keyword
        routers:
          - name: demo
            policies:
              - custom_task:
                  name: code_review
                  description: Review code for syntax issues, style and small improvements.
                models: [sim-frontier, sim-small]
                selection_policy: {prefer: cheapest}
              - custom_task:
                  name: architecture_design
                  description: Design software systems, plan migrations and weigh architectural trade-offs.
                models: [sim-frontier]
            fallback_models: [sim-echo]
        """;

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--) await _apps[i].DisposeAsync();
        _connection?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
