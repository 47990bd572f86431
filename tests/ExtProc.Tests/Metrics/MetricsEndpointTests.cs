using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Sockets;
using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.WellKnown;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ExtProcRouter.Tests.Metrics;

/// <summary>The real host: /metrics answers on the admin listener and on no other, whatever Host header a client sends.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("metrics-endpoint-").FullName;
    private WebApplication? _app;
    private string _socket = "";
    private Uri _admin = null!;

    public async Task InitializeAsync()
    {
        _socket = Path.Combine(_directory, "extproc.sock");
        var config = RouterConfigLoader.Load($"""
            server:
              uds_path: {_socket}
              admin_port: 0
            providers:
              - name: sim
                cluster: sim
                format: openai
            models:
              - slug: sim-echo
                provider: sim
            """, _ => null);
        _app = SidecarHost.Build(config);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _admin = new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_admin_port_serves_the_exposition()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(_admin, "/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var scrape = Exposition.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("histogram", scrape[MetricNames.TokenUsage].Type);
        Assert.Equal(0, scrape.Value(MetricNames.ActiveStreams));
    }

    [Fact]
    public async Task The_grpc_listener_does_not_serve_metrics_even_with_the_admin_host_header()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_admin.Port}/metrics")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync());
    }
}
