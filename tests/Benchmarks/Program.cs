using BenchmarkDotNet.Running;

namespace ExtProcRouter.Benchmarks;

/// <summary>Every benchmark class in this assembly (Translation/, Sidecar/), chosen with --filter.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
