using System.CommandLine;
using ExtProcRouter.Standalone;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router gateway</c>: the standalone front door that plays Envoy's side for local runs.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "gateway YAML", DefaultValueFactory = _ => new FileInfo("config/gateway.yaml") };
        var command = new Command("gateway", "Run the standalone front door (Envoy's side of ext_proc, for machines without Envoy)") { config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            GatewayConfigFile file;
            GatewayOptions options;
            try
            {
                file = GatewayConfigFile.Load(parse.GetValue(config)!.FullName);
                options = file.ToOptions();
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or YamlDotNet.Core.YamlException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            using var processor = SidecarConnection.Open(file.Sidecar);
            await using var app = GatewayHost.Build(options, processor, [file.Listen]);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"front door listening on {string.Join(", ", app.Urls)} -> sidecar {file.Sidecar}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
