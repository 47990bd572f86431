using System.Net;

namespace ExtProcRouter.Standalone;

/// <summary>Hosts the front door on Kestrel (HTTP/1.1 and HTTP/2) with pooled upstream connections.</summary>
public static class GatewayHost
{
    public static WebApplication Build(GatewayOptions options, IExtProcClient processor, IEnumerable<string> urls,
        HttpMessageInvoker? upstream = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Per-request framework logs would dominate the output at thousands of requests per second.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(processor);
        builder.Services.AddSingleton(upstream ?? CreateUpstreamInvoker());
        builder.Services.AddSingleton<FrontDoor>();
        var app = builder.Build();
        var frontDoor = app.Services.GetRequiredService<FrontDoor>();
        app.Run(frontDoor.HandleAsync);
        return app;
    }

    /// <summary>Pooled connections, no redirects, no decompression, no cookies: a proxy forwards bytes as they are.</summary>
    public static HttpMessageInvoker CreateUpstreamInvoker() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });
}
