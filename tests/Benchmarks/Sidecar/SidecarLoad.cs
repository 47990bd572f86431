using System.Diagnostics;
using ExtProcRouter.Grpc.Client;

namespace ExtProcRouter.Benchmarks.Sidecar;

/// <summary>
/// Drives a running sidecar over real gRPC connections from this separate process.
/// Latency: open loop at a fixed rate, each cycle timed from its *scheduled* start so that a stall is not hidden
/// (no coordinated omission). Throughput: closed loop with a fixed number of concurrent streams.
/// </summary>
internal static class SidecarLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var target = Arg(args, "--target", "http://127.0.0.1:50051");
        var rate = int.Parse(Arg(args, "--rate", "2000"));
        var seconds = double.Parse(Arg(args, "--seconds", "15"), System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg(args, "--concurrency", "64"));
        var model = Arg(args, "--model", "sim-echo");
        var cycle = new ExtProcCycle(model, 4096);
        using var connection = new GrpcConnection(target);

        // Warm-up: JIT, connection pool, tiered compilation on both sides.
        await ClosedLoopAsync(connection, cycle.RunAsync, 16, TimeSpan.FromSeconds(3));
        await ClosedLoopAsync(connection, cycle.RunPassthroughAsync, 16, TimeSpan.FromSeconds(1));

        var latency = await OpenLoopAsync(connection, cycle, rate, TimeSpan.FromSeconds(seconds));
        var full = await ClosedLoopAsync(connection, cycle.RunAsync, concurrency, TimeSpan.FromSeconds(seconds));
        var passthrough = await ClosedLoopAsync(connection, cycle.RunPassthroughAsync, concurrency, TimeSpan.FromSeconds(seconds));

        Console.WriteLine($"| sidecar cycle latency at {rate} req/s (headers + {cycle.RequestBodyBytes} B body + response headers + body) | p50 {latency.P50:F3} ms, p90 {latency.P90:F3} ms, p99 {latency.P99:F3} ms, max {latency.Max:F3} ms; achieved {latency.Rate:F0} req/s, {latency.Errors} errors |");
        Console.WriteLine($"| full-cycle throughput, {concurrency} concurrent streams | {full.Rate:F0} streams/s, {full.Errors} errors |");
        Console.WriteLine($"| passthrough throughput (non-LLM path, stream closed after headers), {concurrency} concurrent streams | {passthrough.Rate:F0} streams/s, {passthrough.Errors} errors |");
        return latency.Errors + full.Errors + passthrough.Errors == 0 ? 0 : 1;
    }

    private readonly record struct Result(double Rate, int Errors, double P50, double P90, double P99, double Max);

    private static async Task<Result> OpenLoopAsync(GrpcConnection connection, ExtProcCycle cycle, int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        var interval = 1.0 / rate;
        for (var i = 0; i < total; i++)
        {
            var scheduled = i * interval;
            while (clock.Elapsed.TotalSeconds < scheduled)
            {
                var wait = scheduled - clock.Elapsed.TotalSeconds;
                if (wait > 0.002) await Task.Delay(TimeSpan.FromSeconds(wait - 0.001));
                else Thread.Yield(); // let the server threads run: both processes share the same cores
            }
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                try { await cycle.RunAsync(connection, CancellationToken.None); }
                catch (Exception) { Interlocked.Increment(ref errors); }
                latencies[index] = (clock.Elapsed.TotalSeconds - scheduled) * 1000;
            });
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Result(total / elapsed, errors, Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99), latencies[^1]);
    }

    private static async Task<Result> ClosedLoopAsync(GrpcConnection connection, Func<GrpcConnection, CancellationToken, Task> run, int concurrency, TimeSpan duration)
    {
        var completed = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                try { await run(connection, CancellationToken.None); Interlocked.Increment(ref completed); }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref errors) == 1) Console.Error.WriteLine($"first error: {ex}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new Result(completed / clock.Elapsed.TotalSeconds, errors, 0, 0, 0, 0);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
