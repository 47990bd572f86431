using System.CommandLine;
using ExtProcRouter.Cli;
using ExtProcRouter.Evaluation;

var root = new RootCommand("extproc-router: an Envoy ext_proc sidecar that routes LLM requests")
{
    ServeCommand.Create(),
    ValidateCommand.Create(),
    GatewayCommand.Create(),
    SimulateCommand.Create(),
    EvalCommand.Create(),
    EvalCommand.CreateTuneKeyword(),
    CostSimulationCommand.Create(),
    CompareCommand.Create(),
    TrainCommand.Create(),
    FineTuneCommand.Create(),
    CrossEncoderCommand.Create(),
    ConvertEncoderCommand.Create(),
    MixDeltasCommand.Create(),
    MixPredictionsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
