using System.Net;
using ExtProcRouter.Grpc;
using ExtProcRouter.Processing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>The real Kestrel-hosted gRPC layer on an ephemeral TCP port or a Unix socket in a temp folder.</summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    public const int MaxReceiveMessageBytes = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly string? _socketFolder;

    private GrpcTestServer(WebApplication app, string target, string? socketFolder, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Target = target;
        _socketFolder = socketFolder;
    }

    /// <summary><c>http://127.0.0.1:port</c> or <c>unix:/path</c>.</summary>
    public string Target { get; }

    /// <summary>For a TCP server, the bound port; 0 for a Unix socket.</summary>
    public int Port => Target.StartsWith("http", StringComparison.Ordinal) ? new Uri(Target).Port : 0;

    public IServiceProvider Services => _app.Services;

    /// <summary>Everything the server logged at Information or above.</summary>
    public CapturingLoggerProvider Logs { get; }

    public static Task<GrpcTestServer> StartTcpAsync(IExternalProcessorService processor, TimeProvider? timeProvider = null,
        int maxReceiveMessageBytes = MaxReceiveMessageBytes) =>
        StartAsync(processor, new GrpcListenOptions { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, null, timeProvider,
            maxReceiveMessageBytes);

    public static Task<GrpcTestServer> StartUnixSocketAsync(IExternalProcessorService processor)
    {
        // Socket paths are limited to ~108 bytes: keep the folder short.
        string folder = Directory.CreateTempSubdirectory("grpc").FullName;
        return StartAsync(processor, new GrpcListenOptions { UnixSocketPath = Path.Combine(folder, "s.sock") }, folder, null, MaxReceiveMessageBytes);
    }

    private static async Task<GrpcTestServer> StartAsync(IExternalProcessorService processor, GrpcListenOptions listen, string? socketFolder,
        TimeProvider? timeProvider, int maxReceiveMessageBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(listen));
        builder.Services.AddGrpcServer(options => options.MaxReceiveMessageBytes = maxReceiveMessageBytes);
        builder.Services.AddSingleton(processor);
        if (timeProvider is not null)
            builder.Services.AddSingleton(timeProvider);
        var app = builder.Build();
        app.MapGrpcServices();
        await app.StartAsync();

        string target;
        if (listen.UnixSocketPath is { } path)
        {
            target = "unix:" + path;
        }
        else
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            target = addresses.Single();
        }
        return new GrpcTestServer(app, target, socketFolder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_socketFolder is not null)
            Directory.Delete(_socketFolder, recursive: true);
    }
}
