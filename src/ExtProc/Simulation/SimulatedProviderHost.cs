namespace ExtProcRouter.Simulation;

/// <summary>Hosts <see cref="SimulatedProvider"/> as an OpenAI-compatible server.</summary>
public static class SimulatedProviderHost
{
    public static WebApplication Build(IEnumerable<string> urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Per-request framework logs would dominate the output at thousands of requests per second.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls([.. urls]);
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", SimulatedProvider.HandleChatCompletionsAsync);
        app.MapGet("/healthz", () => "ok");
        return app;
    }
}
