using System.Net;
using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Grpc;
using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Security;
using ExtProcRouter.Translation;
using ExtProcRouter.WebConsole;

namespace ExtProcRouter.Hosting;

/// <summary>
/// The sidecar process: ext_proc and gRPC health on HTTP/2 cleartext (TCP and/or UDS), and an HTTP admin port
/// (health, Prometheus metrics, the control-plane API) that is separate from the inference path.
/// </summary>
public static class SidecarHost
{
    /// <summary>gRPC framing and protobuf fields around a body that is at the request limit.</summary>
    private const int EnvelopeSlackBytes = 64 * 1024;

    /// <param name="configPath">The file <paramref name="config"/> came from, watched for changes; null = no hot reload.</param>
    /// <param name="decisionLog">Where to write one JSON line per request; null for no decision log.</param>
    public static WebApplication Build(RouterConfig config, Action<IServiceCollection>? overrideServices = null,
        string? configPath = null, DecisionLogOptions? decisionLog = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Per-request framework logs would dominate the output at thousands of requests per second.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var server = config.Server;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenGrpc(new GrpcListenOptions
            {
                TcpEndPoint = server.TcpPort is { } port ? new IPEndPoint(IPAddress.Parse(server.TcpHost), port) : null,
                UnixSocketPath = server.UdsPath,
            });
            if (server.AdminPort is { } admin) kestrel.Listen(IPAddress.Loopback, admin, listen => listen.MarkAsAdmin());
        });

        var services = builder.Services;
        services.AddGrpcServer(o => o.MaxReceiveMessageBytes =
            (int)Math.Min(int.MaxValue, Math.Max(GrpcServerOptions.DefaultMaxReceiveMessageBytes, config.Limits.MaxRequestBodyBytes + EnvelopeSlackBytes)));
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        // Routers, hot reload, live metric sources and cooldowns; also the model selector and the metrics sink
        // that feeds upstream statuses back into cooldowns.
        services.AddModelRouting(config, configPath);
        services.AddSingleton<ITranslatorFactory>(sp => new LibraryTranslatorFactory(new TranslatorFactory(sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton(AccessKeyVerifier.FromEnvironment());
        services.AddSessionAffinity();
        if (server.AdminPort is not null) services.TryAddControlPlaneFromEnvironment();
        services.AddSingleton<IRequestProcessorFactory, LlmRequestProcessorFactory>();
        services.AddSingleton<IExternalProcessorService, ExternalProcessorService>();
        services.AddSidecarMetrics(decisionLog);
        // The console lives on the admin port; without one its ring of recent requests would only cost memory.
        if (server.AdminPort is not null) services.AddWebConsole();
        overrideServices?.Invoke(services);

        var app = builder.Build();
        LoadClassifierEagerly(app, config);
        app.MapGrpcServices();
        if (server.AdminPort is { } adminPort)
        {
            // Admin endpoints answer only on the admin listener (not by Host header, which a gRPC client could fake).
            app.MapGet("/healthz", () => "ok").RequireAdminConnection();
            // Registered from the environment above, or by a caller (tests) through overrideServices.
            if (app.Services.GetService<ControlPlane>() is not null) app.MapControlPlane().RequireAdminConnection();
            app.MapWebConsole().RequireAdminConnection();
            app.MapMetrics();
        }
        return app;
    }

    /// <summary>
    /// Loads the configured classifier before the first request, so that request does not pay the model load and a
    /// broken model shows in the log at start (the provider then falls back to the keyword classifier).
    /// </summary>
    private static void LoadClassifierEagerly(WebApplication app, RouterConfig config) =>
        app.Services.GetRequiredService<Routing.Routers.IIntentClassifierProvider>().Get(config.Routing.IntentModel.Classifier);
}
