using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Hosting;
using ExtProcRouter.Simulation;
using ExtProcRouter.Standalone;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// The whole request path on ephemeral ports: front door -> real gRPC (loopback TCP or a Unix socket) -> sidecar,
/// and front door -> an upstream (the simulated OpenAI-compatible provider unless the test brings its own).
/// <see cref="RouterStackOptions"/> adds the admin port, the control plane and the decision log.
/// </summary>
internal sealed class RouterStack : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private SidecarConnection? _connection;
    private string? _folder;
    private Uri? _admin;
    private string? _adminToken;
    private string? _decisionLogPath;

    public Uri FrontDoor { get; private set; } = null!;

    /// <summary>The sidecar's admin port (health, metrics, console, control plane).</summary>
    public Uri Admin => _admin ?? throw new InvalidOperationException("the stack was started without an admin port");

    /// <summary>Where the sidecar writes its decision log; complete once <see cref="StopAsync"/> has run.</summary>
    public string DecisionLogPath => _decisionLogPath ?? throw new InvalidOperationException("the stack was started without a decision log");

    /// <summary>Socket, control-plane database and decision log live here, removed on dispose.</summary>
    private string Folder => _folder ??= Directory.CreateTempSubdirectory("router-stack-").FullName;

    public static async Task<RouterStack> StartAsync(RouterStackOptions? options = null)
    {
        options ??= new RouterStackOptions();
        var admin = options.AdminPort || options.AdminToken is not null;
        // Both would be loopback TCP on ephemeral ports, and nothing tells the two addresses apart.
        if (admin && !options.UnixSocket) throw new NotSupportedException("an admin port needs the Unix socket transport");

        var stack = new RouterStack { _adminToken = options.AdminToken };
        var simulatedUrl = await stack.StartAsync(SimulatedProviderHost.Build(["http://127.0.0.1:0"]));
        var socket = options.UnixSocket ? Path.Combine(stack.Folder, "extproc.sock") : null;
        var gateway = new GatewayOptions { Clusters = { ["simulated"] = new Uri(simulatedUrl) } };
        if (options.ProvidersUrl is { } providersUrl)
        {
            gateway.Clusters["anthropic"] = new Uri(providersUrl);
            gateway.Clusters["gemini"] = new Uri(providersUrl);
        }
        options.ConfigureGateway?.Invoke(gateway);

        // Over the socket the sidecar's address is known before it starts, so the front door can start first and the
        // sidecar can be told where it is (server.front_door_url, for the console's Send); the connection is lazy.
        if (socket is not null)
        {
            stack._connection = SidecarConnection.Open("unix:" + socket);
            stack.FrontDoor = new Uri(await stack.StartAsync(GatewayHost.Build(gateway, stack._connection, ["http://127.0.0.1:0"])));
        }
        var config = ListeningOn(options.Config ?? RouterConfigLoader.Load(ConfigYaml, name => ProviderKeys.GetValueOrDefault(name)), socket, admin,
            socket is not null && options.TellSidecarTheFrontDoor ? stack.FrontDoor : null);
        if (options.DecisionLog) stack._decisionLogPath = Path.Combine(stack.Folder, "decisions.jsonl");
        var sidecar = SidecarHost.Build(config, services =>
            {
                if (options.AdminToken is { } token) services.AddControlPlane(Path.Combine(stack.Folder, "routers.db"), token);
                options.OverrideServices?.Invoke(services);
            },
            decisionLog: stack._decisionLogPath is { } logPath ? new DecisionLogOptions(logPath) : null);
        // The one loopback address is the admin port when gRPC is on the socket, and gRPC otherwise.
        var sidecarUrl = await stack.StartAsync(sidecar);
        if (admin) stack._admin = new Uri(sidecarUrl);
        if (socket is null)
        {
            stack._connection = SidecarConnection.Open(sidecarUrl);
            stack.FrontDoor = new Uri(await stack.StartAsync(GatewayHost.Build(gateway, stack._connection, ["http://127.0.0.1:0"])));
        }
        return stack;
    }

    /// <summary>The test's configuration, listening where this stack wants it: ephemeral ports, its own socket.</summary>
    private static RouterConfig ListeningOn(RouterConfig config, string? socket, bool admin, Uri? frontDoor)
    {
        var server = config.Server with
        {
            TcpHost = "127.0.0.1",
            TcpPort = socket is null ? 0 : null,
            UdsPath = socket,
            AdminPort = admin ? 0 : null,
            FrontDoorUrl = frontDoor,
        };
        return new RouterConfig(server, config.Limits, config.Providers, config.Models, config.LlmPaths, config.Routers, config.Routing);
    }

    private async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        return app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    /// <summary>A client for the admin port that sends the control plane's admin token.</summary>
    public HttpClient AdminClient() => AdminClient(_adminToken);

    /// <summary>A client for the admin port that sends <paramref name="token"/>, or no token when it is null.</summary>
    public HttpClient AdminClient(string? token)
    {
        var client = new HttpClient { BaseAddress = Admin };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends one chat request through the front door, as a client would.</summary>
    public async Task<HttpResponseMessage> ChatAsync(string model, string userMessage)
    {
        using var client = new HttpClient();
        var body = $$"""{"model":{{JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(userMessage)}}}]}""";
        return await client.PostAsync(new Uri(FrontDoor, "/v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>The provider keys the sidecar reads from its environment; fake, and checked at the fake upstreams.</summary>
    public static readonly Dictionary<string, string> ProviderKeys = new()
    {
        ["TEST_ANTHROPIC_KEY"] = "sk-ant-test-key",
        ["TEST_GEMINI_KEY"] = "gemini-test-key",
    };

    private const string ConfigYaml = """
        server:
          tcp_host: 127.0.0.1
          tcp_port: 0
        providers:
          - name: anthropic
            cluster: anthropic
            format: anthropic
            base_path: /v1
            api_key_env: TEST_ANTHROPIC_KEY
          - name: gemini
            cluster: gemini
            format: gemini
            base_path: /v1beta
            api_key_env: TEST_GEMINI_KEY
          - name: simulated
            cluster: simulated
            format: openai
            base_path: /v1
        models:
          - slug: sim-echo
            provider: simulated
            upstream_model: sim-echo-1
            aliases: [echo]
          - slug: claude-test
            provider: anthropic
            upstream_model: claude-upstream-1
          - slug: gemini-test
            provider: gemini
            upstream_model: gemini-upstream-1
        """;

    /// <summary>Stops every host, last started first; the sidecar flushes its decision log on the way down.</summary>
    public async Task StopAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--) await _apps[i].DisposeAsync();
        _apps.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _connection?.Dispose();
        if (_folder is null) return;
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
