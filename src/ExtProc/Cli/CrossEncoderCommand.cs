using System.CommandLine;
using System.Diagnostics;
using ExtProcRouter.IntentModel.CrossEncoding;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router cross-encoder</c>: the cross-encoder experiment of issue 7. Fine-tunes the encoder (from the
/// committed fine-tuned weights, or the base ones) to read a route's text and the conversation as one sequence, then
/// reports its dev accuracy alone and, given a bi-encoder's <c>eval --predictions</c> file, the accuracy of re-ranking
/// the bi-encoder's two best candidates when they are close. It writes no model: serving does not use it.
/// </summary>
public static class CrossEncoderCommand
{
    private static readonly float[] Margins = [0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 1f];

    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Folder of training JSONL files.", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "train") };
        var dev = new Option<string>("--dev") { Description = "Folder of dev JSONL files (evaluated on, never trained on).", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "dev") };
        var perFile = new Option<int>("--per-file") { Description = "Training cases sampled per train file (0 = all).", DefaultValueFactory = _ => 1000 };
        var evalPerFile = new Option<int>("--eval-per-file") { Description = "Dev cases sampled per dev file for the report (0 = all).", DefaultValueFactory = _ => 150 };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 600 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 8 };
        var pairs = new Option<int>("--pairs-per-case") { Description = "Route pairs encoded per case and step (the right one and random wrong ones).", DefaultValueFactory = _ => 4 };
        var encoderRate = new Option<float>("--learning-rate") { DefaultValueFactory = _ => 3e-5f };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 30 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 17 };
        var fromBase = new Option<bool>("--from-base") { Description = "Start from the base encoder instead of the committed fine-tuned one." };
        var predictions = new Option<string?>("--predictions") { Description = "A bi-encoder's `eval --held-out --predictions` file over the same dev folder, to measure re-ranking." };
        var trainOnDevSplit = new Option<bool>("--train-on-dev-split") { Description = $"Also train on the training halves of {DevSplit.HumanEvalPackFile} and {DevSplit.NlbseFile}; the report uses the other halves." };
        var command = new Command("cross-encoder", "Fine-tune and evaluate a cross-encoder re-ranker (experiment; slow, not part of CI).")
        {
            train, dev, perFile, evalPerFile, steps, batch, pairs, encoderRate, warmup, threads, seed, fromBase, predictions, trainOnDevSplit,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new CrossEncoderOptions
            {
                Seed = parse.GetValue(seed), Steps = parse.GetValue(steps), BatchSize = parse.GetValue(batch), PairsPerCase = parse.GetValue(pairs),
                EncoderLearningRate = parse.GetValue(encoderRate), WarmupSteps = parse.GetValue(warmup), Threads = parse.GetValue(threads),
            };
            return Task.FromResult(DataErrors.Report("cross-encoder", () => Run(parse.GetValue(train)!, parse.GetValue(dev)!, parse.GetValue(perFile),
                parse.GetValue(evalPerFile), parse.GetValue(fromBase), parse.GetValue(predictions), parse.GetValue(trainOnDevSplit), options, cancellationToken)));
        });
        return command;
    }

    private static int Run(string trainFolder, string devFolder, int perFile, int evalPerFile, bool fromBase, string? predictionsPath,
        bool trainOnDevSplit, CrossEncoderOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var files = MoeModelFiles.Default;
        // First, so that a missing encoder (run `make setup`) is reported before the data is read.
        var weights = TfjsWeights.Load(files.EncoderTfjsDirectory);
        if (!fromBase) weights = FineTunedEncoderConverter.Apply(weights, FineTunedWeightsFile.Load(FineTunedWeightsFile.DefaultPath));
        var biEncoder = predictionsPath is null ? null : BiEncoderPredictions.Load(predictionsPath);
        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        var (trainCases, allDev) = TrainCommand.LoadCases(trainFolder, devFolder, perFile, options.Seed, trainOnDevSplit);
        var trainSet = CrossEncoderPairs.Build(trainCases, tokenizer);
        var devSet = CrossEncoderPairs.Build(TrainCommand.Sample(allDev, evalPerFile, options.Seed), tokenizer);
        Console.WriteLine($"train: {trainSet.Count} cases; report: {devSet.Count} dev cases ({evalPerFile} per file, seed {options.Seed})");

        var encoder = TrainableUseLiteEncoder.FromTfjs(weights);
        encoder.Freezing = EncoderFreezing.Embeddings;
        var trainer = new CrossEncoderTrainer(encoder, options);
        var windowLoss = 0.0;
        trainer.Train(trainSet, (step, loss) =>
        {
            windowLoss += loss;
            if (step % 10 != 0) return;
            Console.WriteLine($"step {step}/{options.Steps}: loss {windowLoss / 10:0.0000} ({clock.Elapsed:hh\\:mm\\:ss})");
            windowLoss = 0;
        }, cancellationToken);

        var cross = trainer.Score(devSet, cancellationToken);
        Console.WriteLine($"scored {devSet.Count} dev cases ({clock.Elapsed:hh\\:mm\\:ss})");
        var sources = devSet.Select(e => e.Source).Distinct().Order(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"| decision | {string.Join(" | ", sources.Select(s => s.Replace(".jsonl", "")))} | macro | re-ranked |");
        Console.WriteLine($"|---|{string.Concat(sources.Select(_ => "---:|"))}---:|---:|");
        PrintRow("cross-encoder alone", sources, devSet, cross.Select(c => (RouteScoringHead.Answer(c, c.Length - 1), false)).ToArray());
        if (biEncoder is null) return 0;
        var bi = devSet.Select(biEncoder.For).ToArray();
        var missing = bi.Count(b => b is null);
        if (missing > 0) Console.WriteLine($"({missing} report cases are missing from {predictionsPath}; they count as wrong for the bi-encoder rows)");
        foreach (var margin in new[] { 0f }.Concat(Margins))
        {
            var decisions = bi.Select((b, i) => b is null ? (-1, false) : CrossEncoderReranking.Decide(b, cross[i], margin)).ToArray();
            PrintRow(margin == 0 ? "bi-encoder alone" : $"re-rank when top-2 gap < {margin:0.00}", sources, devSet, decisions);
        }
        return 0;
    }

    private static void PrintRow(string label, string[] sources, List<CrossEncoderExample> examples, (int Choice, bool Reranked)[] decisions)
    {
        var accuracy = sources.Select(source =>
        {
            var indices = Enumerable.Range(0, examples.Count).Where(i => examples[i].Source == source).ToArray();
            return indices.Count(i => decisions[i].Choice == examples[i].Target) / (double)indices.Length;
        }).ToArray();
        var share = decisions.Count(d => d.Reranked) / (double)examples.Count;
        Console.WriteLine($"| {label} | {string.Join(" | ", accuracy.Select(a => $"{a:P1}"))} | {accuracy.Average():P1} | {share:P1} |");
    }
}
