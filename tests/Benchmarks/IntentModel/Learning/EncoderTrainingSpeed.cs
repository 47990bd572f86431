using System.Diagnostics;
using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Benchmarks.IntentModel.Learning;

/// <summary>
/// Sequences per second through the trainable USE-Lite encoder (forward + backward), single-threaded and across all
/// cores, at fixed sequence lengths. A plain timer rather than BenchmarkDotNet: one measurement takes seconds, and the
/// number wanted is throughput of the whole pass, as the fine-tuning loop will run it.
/// </summary>
/// <remarks>Usage: <c>dotnet run -c Release --project tests/Benchmarks -- learning-speed [seconds per case]</c>.</remarks>
public static class EncoderTrainingSpeed
{
    private const int BatchSize = 32;

    public static int Run(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], out var s) ? s : 10;
        // Random weights of the real model's sizes: speed does not depend on the values.
        var encoder = TrainableUseLiteEncoder.CreateRandom(UseLiteDimensions.Real, seed: 1);
        Console.WriteLine($"trainable USE-Lite, forward + backward, {Environment.ProcessorCount} cores, Vector<float> of {System.Numerics.Vector<float>.Count}, {seconds:0} s per case");
        foreach (var tokens in new[] { 32, 128 })
        {
            var sequence = Enumerable.Range(0, tokens).Select(t => (t * 37 + 11) % UseLiteDimensions.Real.VocabularyRows).ToArray();
            var gradient = Enumerable.Range(0, encoder.Dimensions).Select(i => (i % 7 - 3) / 100f).ToArray();
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
            {
                Measure(encoder, sequence, gradient, threads, TimeSpan.FromSeconds(1)); // warm-up (JIT, pools)
                var rate = Measure(encoder, sequence, gradient, threads, TimeSpan.FromSeconds(seconds));
                var forward = MeasureForward(encoder, sequence, threads, TimeSpan.FromSeconds(seconds / 2));
                Console.WriteLine($"{tokens,4} tokens, one sequence per pass, {threads} thread(s): {rate.Wall,7:0.0} sequences/s forward+backward ({rate.PerCpuSecond:0.0} per CPU-second), " +
                    $"{forward.Wall,7:0.0} forward only ({forward.PerCpuSecond:0.0} per CPU-second)");
            }
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
            {
                var batch = Enumerable.Repeat(sequence, BatchSize).ToArray();
                var batchGradient = Enumerable.Range(0, BatchSize).SelectMany(_ => gradient).ToArray();
                void Step()
                {
                    using var pass = encoder.ForwardBatch(batch, threads);
                    pass.Backward(batchGradient);
                }
                Rate(1, TimeSpan.FromSeconds(1), Step);
                var packed = Rate(1, TimeSpan.FromSeconds(seconds), Step);
                Console.WriteLine($"{tokens,4} tokens, packed batches of {BatchSize}, {threads} thread(s): {packed.Wall * BatchSize,7:0.0} sequences/s forward+backward " +
                    $"({packed.PerCpuSecond * BatchSize:0.0} per CPU-second)");
            }
        }
        return 0;
    }

    private static Throughput Measure(TrainableUseLiteEncoder encoder, int[] sequence, float[] gradient, int threads, TimeSpan duration) =>
        Rate(threads, duration, () => encoder.Forward(sequence).Backward(gradient));

    private static Throughput MeasureForward(TrainableUseLiteEncoder encoder, int[] sequence, int threads, TimeSpan duration)
    {
        var embedding = new ThreadLocal<float[]>(() => new float[encoder.Dimensions]);
        return Rate(threads, duration, () => encoder.Embed(sequence, embedding.Value));
    }

    /// <summary>Passes per wall-clock second, and per second of this process's CPU time (steadier on a shared machine).</summary>
    private readonly record struct Throughput(double Wall, double PerCpuSecond);

    private static Throughput Rate(int threads, TimeSpan duration, Action pass)
    {
        var count = 0L;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed < duration)
            {
                pass();
                Interlocked.Increment(ref count);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new Throughput(count / clock.Elapsed.TotalSeconds, count / cpu.TotalSeconds);
    }
}
