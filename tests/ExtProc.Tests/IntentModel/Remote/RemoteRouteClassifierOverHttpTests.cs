using ExtProcRouter.IntentModel;
using System.Net;
using System.Text.Json;
using ExtProcRouter.IntentModel.Remote;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.IntentModel.Remote;

/// <summary>The classifier against a real OpenAI-compatible HTTP server (Kestrel on an ephemeral loopback port) that
/// plays an Arch-Router: it reads the prompt and answers like the model would.</summary>
public sealed class RemoteRouteClassifierOverHttpTests : IAsyncLifetime
{
    private WebApplication? _server;
    private Uri? _baseAddress;

    private static readonly RouteDescription[] Routes =
    [
        new("code_generation", "Writing new code."),
        new("bug_fixing", "Fixing errors in code."),
    ];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var prompt = request.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
            if (prompt.Contains("please fail", StringComparison.Ordinal))
                return Results.Problem("overloaded", statusCode: 503);
            var conversation = prompt[prompt.IndexOf("<conversation>", StringComparison.Ordinal)..];
            var answer = conversation.Contains("fix it", StringComparison.Ordinal) ? "```json\n{\"route\": \"bug_fixing\"}\n```"
                : conversation.Contains("write", StringComparison.Ordinal) ? "{\"route\": \"code_generation\"}"
                : "{\"route\": \"other\"}";
            return Results.Json(new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                model = request.RootElement.GetProperty("model").GetString(),
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
            });
        });
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _baseAddress = new Uri(address + "/v1");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("my parser crashes on empty input|show me the code|fix it", RemoteRouteOutcome.Matched, "bug_fixing")]
    [InlineData("write a function that reverses a list", RemoteRouteOutcome.Matched, "code_generation")]
    [InlineData("what is the capital of France?", RemoteRouteOutcome.NoMatch, null)]
    [InlineData("please fail", RemoteRouteOutcome.Unavailable, null)]
    public async Task ClassifiesThroughARealEndpoint(string turns, RemoteRouteOutcome outcome, string? route)
    {
        var conversation = turns.Split('|').Select((text, i) => new ChatTurn(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, text)).ToArray();
        using var http = new HttpClient();
        var classifier = new RemoteRouteClassifier(http,
            new RemoteRouteClassifierOptions { Endpoint = _baseAddress!, Model = "katanemo/Arch-Router-1.5B" }, TimeProvider.System);

        var decision = await classifier.ClassifyAsync(conversation, Routes, CancellationToken.None);

        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(route, decision.Route);
        Assert.Equal(outcome == RemoteRouteOutcome.Unavailable ? 1 : 0, classifier.Metrics.HttpErrors);
    }
}
