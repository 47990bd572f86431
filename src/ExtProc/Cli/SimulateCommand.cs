using System.CommandLine;
using ExtProcRouter.Simulation;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router simulate</c>: the deterministic OpenAI-compatible stand-in provider.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "URL to listen on", DefaultValueFactory = _ => "http://127.0.0.1:8081" };
        var command = new Command("simulate", "Run the built-in simulated OpenAI-compatible provider (deterministic echo, JSON and SSE)") { listen };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = SimulatedProviderHost.Build([parse.GetValue(listen)!]);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"SIMULATED provider (not a real model) listening on {string.Join(", ", app.Urls)}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
