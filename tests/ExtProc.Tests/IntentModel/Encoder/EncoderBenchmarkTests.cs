using ExtProcRouter.IntentModel.Encoder;
using Xunit.Abstractions;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

/// <summary>
/// Runs the latency benchmark briefly (no timing assertions). For the reported numbers run it with 200 runs:
/// EXTPROC_BENCH_RUNS=200 dotnet test tests/ExtProc.Tests --filter "FullyQualifiedName~EncoderBenchmarkTests" --logger "console;verbosity=detailed"
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class EncoderBenchmarkTests(EncoderFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void ReportsLoadTimeAndPercentiles()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("EXTPROC_BENCH_RUNS"), out var configured) ? configured : 5;

        var result = EncoderBenchmark.Run(fixture.Environment, fixture.ModelPath, runs: runs, warmupRuns: Math.Min(10, runs));

        output.WriteLine(result.ToString());
        Assert.Equal(runs, result.Runs);
        Assert.Equal((4, 128, 2), (result.Batch, result.Tokens, result.IntraOpThreads));
        Assert.True(result.P50 <= result.P99 && result.P99 <= result.Max);
        Assert.True(result.Load > TimeSpan.Zero);
    }

    [Fact]
    public void PercentileUsesNearestRank()
    {
        var samples = Enumerable.Range(1, 200).Select(i => TimeSpan.FromMilliseconds(i)).ToArray();

        Assert.Equal(TimeSpan.FromMilliseconds(100), EncoderBenchmark.Percentile(samples, 0.50));
        Assert.Equal(TimeSpan.FromMilliseconds(198), EncoderBenchmark.Percentile(samples, 0.99));
        Assert.Equal(TimeSpan.FromMilliseconds(1), EncoderBenchmark.Percentile([TimeSpan.FromMilliseconds(1)], 0.99));
    }
}
