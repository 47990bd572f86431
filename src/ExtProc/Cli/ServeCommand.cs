using System.CommandLine;
using ExtProcRouter.Configuration;
using ExtProcRouter.Hosting;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router serve</c>: the ext_proc sidecar.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "router YAML", DefaultValueFactory = _ => new FileInfo("config/router.yaml") };
        var decisionLog = new Option<FileInfo?>("--decision-log") { Description = "append one JSON line per request to this file" };
        var logPrompts = new Option<bool>("--log-prompts") { Description = "include the last user message in the decision log (off by default)" };
        var command = new Command("serve", "Run the ext_proc sidecar (gRPC on TCP and/or a Unix socket, admin HTTP port)") { config, decisionLog, logPrompts };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RouterConfig routerConfig;
            var configPath = parse.GetValue(config)!.FullName;
            try
            {
                routerConfig = RouterConfigLoader.LoadFile(configPath, Environment.GetEnvironmentVariable);
            }
            catch (ConfigurationException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            var decisions = parse.GetValue(decisionLog) is { } log ? new DecisionLog.DecisionLogOptions(log.FullName, parse.GetValue(logPrompts)) : null;
            await using var app = SidecarHost.Build(routerConfig, configPath: configPath, decisionLog: decisions);
            await app.StartAsync(cancellationToken);
            var server = routerConfig.Server;
            Console.WriteLine($"extproc-router sidecar: grpc tcp={server.TcpHost}:{server.TcpPort?.ToString() ?? "-"} uds={server.UdsPath ?? "-"} admin={server.AdminPort?.ToString() ?? "-"}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
