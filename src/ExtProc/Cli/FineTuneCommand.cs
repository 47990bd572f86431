using System.CommandLine;
using System.Diagnostics;
using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router fine-tune</c>: fine-tunes USE-Lite end to end (from the fetched TF.js weights, fixed seed) through
/// the light route-scoring head on a seeded sample of the train files, selects on a seeded dev sample, writes the best
/// weights as fp16 deltas (models/), checkpoints so that an interrupted run resumes, and finally checks that the
/// serving ONNX built from the written file computes what the C# encoder computes.
/// </summary>
public static class FineTuneCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Folder of training JSONL files.", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "train") };
        var dev = new Option<string>("--dev") { Description = "Folder of dev JSONL files (selection only, never trained on).", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "dev") };
        var perFile = new Option<int>("--per-file") { Description = "Training cases sampled per train file (0 = all).", DefaultValueFactory = _ => 1000 };
        var devPerFile = new Option<int>("--dev-per-file") { Description = "Dev cases sampled per dev file for selection.", DefaultValueFactory = _ => 40 };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 400 };
        var batch = new Option<int>("--batch-size") { Description = "Cases per step.", DefaultValueFactory = _ => 8 };
        var encoderRate = new Option<float>("--learning-rate") { Description = "Encoder learning rate.", DefaultValueFactory = _ => 2e-5f };
        var headRate = new Option<float>("--head-learning-rate") { DefaultValueFactory = _ => 1e-2f };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 20 };
        var freeze = new Option<EncoderFreezing>("--freeze") { Description = "None, Embeddings or EmbeddingsAndLowerLayer.", DefaultValueFactory = _ => EncoderFreezing.Embeddings };
        var inBatch = new Option<bool>("--in-batch-negatives") { Description = "Also contrast with the batch's other route texts.", DefaultValueFactory = _ => true };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 17 };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Resumed from when it exists.", DefaultValueFactory = _ => Path.Combine(".deps", "cache", "fine-tune", "checkpoint.bin") };
        var checkpointEvery = new Option<int>("--checkpoint-every") { DefaultValueFactory = _ => 25 };
        var selectEvery = new Option<int>("--select-every") { DefaultValueFactory = _ => 50 };
        var output = new Option<string>("--output") { DefaultValueFactory = _ => FineTunedWeightsFile.DefaultPath };
        var trainOnDevSplit = new Option<bool>("--train-on-dev-split") { Description = $"Also train on the training halves of {DevSplit.HumanEvalPackFile} and {DevSplit.NlbseFile}; selection uses the other halves only." };
        var anchorWeight = new Option<float?>("--anchor-weight") { Description = "Penalty weight on moving any text's embedding from where the base encoder put it; given, the progress lines report that drift (0 measures it without penalty)." };
        var parityCases = new Option<int>("--parity-cases") { Description = "Dev cases whose views the serving/training parity check embeds.", DefaultValueFactory = _ => 20 };
        var command = new Command("fine-tune", "Fine-tune the sentence encoder for routing (slow: hours of CPU for the full recipe; not part of CI).")
        {
            train, dev, perFile, devPerFile, steps, batch, encoderRate, headRate, warmup, freeze, inBatch, threads, seed, checkpoint,
            checkpointEvery, selectEvery, output, parityCases, trainOnDevSplit, anchorWeight,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new FineTuneOptions
            {
                Seed = parse.GetValue(seed), Steps = parse.GetValue(steps), BatchSize = parse.GetValue(batch),
                EncoderLearningRate = parse.GetValue(encoderRate), HeadLearningRate = parse.GetValue(headRate),
                WarmupSteps = parse.GetValue(warmup), Threads = parse.GetValue(threads), InBatchNegatives = parse.GetValue(inBatch),
                CheckpointEvery = parse.GetValue(checkpointEvery), SelectEvery = parse.GetValue(selectEvery),
            };
            return Task.FromResult(DataErrors.Report("fine-tune", () => Run(parse.GetValue(train)!, parse.GetValue(dev)!, parse.GetValue(perFile), parse.GetValue(devPerFile),
                parse.GetValue(freeze), options, parse.GetValue(checkpoint)!, parse.GetValue(output)!, parse.GetValue(parityCases),
                parse.GetValue(trainOnDevSplit), parse.GetValue(anchorWeight), cancellationToken)));
        });
        return command;
    }

    private static int Run(string trainFolder, string devFolder, int perFile, int devPerFile, EncoderFreezing freezing, FineTuneOptions options,
        string checkpointPath, string output, int parityCases, bool trainOnDevSplit, float? anchorWeight, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = MoeModelFiles.Default;
        // First, so that a missing encoder (run `make setup`) is reported before the data is read.
        var baseWeights = TfjsWeights.Load(files.EncoderTfjsDirectory);
        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        var (trainCases, allDev) = TrainCommand.LoadCases(trainFolder, devFolder, perFile, options.Seed, trainOnDevSplit);
        var devCases = TrainCommand.Sample(allDev, devPerFile, options.Seed);
        var trainSet = FineTuneSetBuilder.Build(trainCases, text => tokenizer.EncodeHeadTail(text));
        var devSet = FineTuneSetBuilder.Build(devCases, text => tokenizer.EncodeHeadTail(text));
        Console.WriteLine($"train: {trainSet.Count} cases ({perFile} per file, seed {options.Seed}); dev selection: {devSet.Count} cases ({devPerFile} per file)");

        var encoder = TrainableUseLiteEncoder.FromTfjs(baseWeights);
        encoder.Freezing = freezing;
        var original = encoder.Parameters.ToDictionary(p => p.Name, p => (float[])p.Value.Clone(), StringComparer.Ordinal);
        var anchor = anchorWeight is { } weight ? new EmbeddingAnchor(TrainableUseLiteEncoder.FromTfjs(baseWeights), weight, options.Threads) : null;
        var trainer = new FineTuneTrainer(encoder, options, anchor);
        Console.WriteLine($"encoder: {encoder.Parameters.Sum(p => p.Value.Length):N0} trainable values (freezing {freezing}); " +
                          $"{options.Steps} steps of {options.BatchSize} cases on {options.Threads} threads; checkpoint {checkpointPath}");

        var before = trainer.Evaluate(devSet, cancellationToken);
        Console.WriteLine($"dev selection before fine-tuning (light head at its initial values): macro {before.Macro:P1} ({clock.Elapsed:mm\\:ss})");
        var window = Stopwatch.StartNew();
        // CPU time as well as wall time: on a shared machine cases per CPU-second is the steadier throughput figure.
        var windowCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var windowLoss = 0.0;
        var windowCorrect = 0;
        var windowCases = 0;
        var windowDrift = 0.0;
        trainer.Train(trainSet, devSet, checkpointPath, progress =>
        {
            windowLoss += progress.Loss * progress.BatchSize;
            windowCorrect += progress.Correct;
            windowCases += progress.BatchSize;
            windowDrift += (progress.Drift ?? 0) * progress.BatchSize;
            if (progress.Step % 10 == 0 || progress.Selection is not null)
            {
                var rate = windowCases / Math.Max(1e-9, window.Elapsed.TotalSeconds);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var cpuRate = windowCases / Math.Max(1e-9, (cpu - windowCpu).TotalSeconds);
                Console.WriteLine($"step {progress.Step}/{options.Steps}: loss {windowLoss / windowCases:0.0000}, train acc {windowCorrect / (double)windowCases:P1}, " +
                                  (anchor is null ? "" : $"drift {windowDrift / windowCases:0.0000}, ") +
                                  $"lr x{progress.LearningRateScale:0.00}, {rate:0.00} cases/s ({cpuRate:0.00} per CPU-second) ({clock.Elapsed:hh\\:mm\\:ss})" +
                                  (progress.Selection is { } s ? $", dev macro {s:P1}{(progress.IsBest ? " (best, written)" : "")}" : ""));
                window.Restart();
                windowCpu = cpu;
                windowLoss = 0;
                windowCorrect = 0;
                windowCases = 0;
                windowDrift = 0;
            }
        }, best => WriteDeltas(best, original, output), cancellationToken);

        if (devSet.Count == 0) WriteDeltas(trainer, original, output);
        Console.WriteLine($"best dev macro {trainer.BestSelection:P1} at step {trainer.BestStep}; wrote {output} " +
                          $"({new FileInfo(output).Length / 1024 / 1024.0:0.0} MiB) in {clock.Elapsed:hh\\:mm\\:ss}");
        ReportParity(baseWeights, output, devSet.Take(parityCases).ToList());
        return 0;
    }

    private static void WriteDeltas(FineTuneTrainer trainer, IReadOnlyDictionary<string, float[]> original, string output) =>
        FineTunedWeightsFile.Save(output, FineTunedWeightsFile.Deltas(trainer.TrainableEncoderParameters.Select(p => (p.Name, p.Shape, p.Value)), original));

    /// <summary>
    /// Embeds the views and routes of some dev cases with the C# encoder loaded from the written file and with the
    /// serving ONNX built from it, and prints the largest difference.
    /// </summary>
    private static void ReportParity(TfjsWeights baseWeights, string deltasPath, List<FineTuneExample> cases)
    {
        var tuned = FineTunedEncoderConverter.Apply(baseWeights, FineTunedWeightsFile.Load(deltasPath));
        var onnxPath = Path.Combine(".deps", "cache", "fine-tune", "parity-encoder.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!);
        IntentModel.Onnx.Writing.OnnxModelWriter.Save(EncoderConverter.BuildGraph(tuned), onnxPath);
        var training = TrainableUseLiteEncoder.FromTfjs(tuned);
        var sequences = cases.SelectMany(c => c.Views.Concat(c.Routes.Select(r => r.Text))).DistinctBy(t => t.Text).Select(t => t.TokenIds).ToList();
        using var environment = new OnnxRuntimeEnvironment();
        using var serving = new SentenceEncoder(environment, onnxPath, new OnnxSessionOptions { IntraOpThreads = 2 });
        var served = serving.Embed(sequences);
        var worst = 0f;
        var embedding = new float[training.Dimensions];
        for (var i = 0; i < sequences.Count; i++)
        {
            training.Embed(sequences[i], embedding);
            for (var j = 0; j < embedding.Length; j++) worst = Math.Max(worst, Math.Abs(embedding[j] - served[i][j]));
        }
        Console.WriteLine($"serving vs training forward on {sequences.Count} texts of {cases.Count} dev cases: max abs diff {worst:E2}");
    }
}
