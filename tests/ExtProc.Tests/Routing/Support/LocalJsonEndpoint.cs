using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.Routing.Support;

/// <summary>A real HTTP server on an ephemeral loopback port answering every GET with the current status and JSON body.</summary>
internal sealed class LocalJsonEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _body = "{}";
    private volatile int _status = 200;

    private LocalJsonEndpoint(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Path and query of every request seen.</summary>
    public List<string> Requests { get; } = [];

    public static async Task<LocalJsonEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new LocalJsonEndpoint(app);
        app.Run(async context =>
        {
            lock (endpoint.Requests) endpoint.Requests.Add(context.Request.Path + context.Request.QueryString);
            context.Response.StatusCode = endpoint._status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(endpoint._body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        endpoint.BaseUrl = new Uri(address + "/");
        return endpoint;
    }

    public void Answer(string json, int status = 200)
    {
        _body = json;
        _status = status;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
