using System.CommandLine;
using ExtProcRouter.Cli;

var root = new RootCommand("extproc-router: an Envoy ext_proc sidecar that routes LLM requests")
{
    ServeCommand.Create(),
    GatewayCommand.Create(),
    SimulateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
