using BenchmarkDotNet.Running;

namespace ExtProcRouter.Benchmarks;

/// <summary>Every benchmark class in this assembly (Translation/, Sidecar/), chosen with --filter.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The sidecar load test drives a separately started sidecar process; it is not a BenchmarkDotNet suite.
        if (args is ["sidecar-load", ..]) return await Sidecar.SidecarLoad.RunAsync(args[1..]);
        // The training engine's throughput is a plain timed loop too (IntentModel/Learning/EncoderTrainingSpeed.cs).
        if (args is ["learning-speed", ..]) return IntentModel.Learning.EncoderTrainingSpeed.Run(args[1..]);
        // The routing model's decision latency: percentiles of single decisions (IntentModel/DecisionLatency.cs).
        if (args is ["decision-latency", ..]) return await IntentModel.DecisionLatency.RunAsync(args[1..]);
        if (args is ["decision-breakdown", ..]) return await IntentModel.DecisionBreakdown.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
