using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;
using ExtProcRouter.Simulation;
using ExtProcRouter.Standalone;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// The whole request path on ephemeral ports: front door -> real gRPC -> sidecar, and front door -> an upstream
/// (the simulated OpenAI-compatible provider unless the test brings its own).
/// </summary>
internal sealed class RouterStack : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private SidecarConnection? _connection;

    public Uri FrontDoor { get; private set; } = null!;

    public static async Task<RouterStack> StartAsync(string? upstreamUrl = null, Action<GatewayOptions>? configureGateway = null)
    {
        var stack = new RouterStack();
        if (upstreamUrl is null)
        {
            var provider = SimulatedProviderHost.Build(["http://127.0.0.1:0"]);
            upstreamUrl = await stack.StartAsync(provider);
        }
        var config = RouterConfigLoader.Load(ConfigYaml, _ => null);
        var sidecarUrl = await stack.StartAsync(SidecarHost.Build(config));
        stack._connection = SidecarConnection.Open(sidecarUrl);
        var options = new GatewayOptions { Clusters = { ["simulated"] = new Uri(upstreamUrl) } };
        configureGateway?.Invoke(options);
        stack.FrontDoor = new Uri(await stack.StartAsync(GatewayHost.Build(options, stack._connection, ["http://127.0.0.1:0"])));
        return stack;
    }

    private async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        return app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    private const string ConfigYaml = """
        server:
          tcp_host: 127.0.0.1
          tcp_port: 0
        providers:
          - name: simulated
            cluster: simulated
            format: openai
            base_path: /v1
        models:
          - slug: sim-echo
            provider: simulated
            upstream_model: sim-echo-1
            aliases: [echo]
        """;

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--) await _apps[i].DisposeAsync();
        _connection?.Dispose();
    }
}
