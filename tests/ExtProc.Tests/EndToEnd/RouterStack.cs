using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;
using ExtProcRouter.Simulation;
using ExtProcRouter.Standalone;
using Microsoft.Extensions.DependencyInjection;

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

    /// <param name="providersUrl">Where the anthropic and gemini clusters point (e.g. <see cref="FakeProviders"/>).</param>
    /// <param name="config">The sidecar's configuration; by default the simulated, Anthropic and Gemini test providers.</param>
    /// <param name="overrideServices">Replaces sidecar services, e.g. a classifier built from a test fixture.</param>
    public static async Task<RouterStack> StartAsync(string? providersUrl = null, Action<GatewayOptions>? configureGateway = null,
        RouterConfig? config = null, Action<IServiceCollection>? overrideServices = null)
    {
        var stack = new RouterStack();
        var simulatedUrl = await stack.StartAsync(SimulatedProviderHost.Build(["http://127.0.0.1:0"]));
        config ??= RouterConfigLoader.Load(ConfigYaml, name => ProviderKeys.GetValueOrDefault(name));
        var sidecarUrl = await stack.StartAsync(SidecarHost.Build(config, overrideServices));
        stack._connection = SidecarConnection.Open(sidecarUrl);
        var options = new GatewayOptions { Clusters = { ["simulated"] = new Uri(simulatedUrl) } };
        if (providersUrl is not null)
        {
            options.Clusters["anthropic"] = new Uri(providersUrl);
            options.Clusters["gemini"] = new Uri(providersUrl);
        }
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

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--) await _apps[i].DisposeAsync();
        _connection?.Dispose();
    }
}
