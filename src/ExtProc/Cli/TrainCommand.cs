using System.CommandLine;
using System.Diagnostics;
using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Cosine;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router train</c>: embeds a (seeded) subsample of the train files and of the dev files through a cache in
/// .deps/cache, trains the mixture-of-experts head, selects the epoch on dev, prints dev accuracy per file and
/// category, tunes the cosine baseline's threshold on train, and writes the head as ONNX.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Folder of training JSONL files.", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "train") };
        var dev = new Option<string>("--dev") { Description = "Folder of dev JSONL files (selection only, never trained on).", DefaultValueFactory = _ => Path.Combine("..", "shared", "data", "routing", "dev") };
        var perFile = new Option<int>("--per-file") { Description = "Training cases sampled per train file (0 = all).", DefaultValueFactory = _ => 4000 };
        var devPerFile = new Option<int>("--dev-per-file") { Description = "Dev cases sampled per dev file for selection (0 = all).", DefaultValueFactory = _ => 400 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 8 };
        var experts = new Option<int>("--experts") { DefaultValueFactory = _ => 8 };
        var hidden = new Option<int>("--hidden") { DefaultValueFactory = _ => 16 };
        var topK = new Option<int>("--top-k") { DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 17 };
        var learningRate = new Option<float>("--learning-rate") { DefaultValueFactory = _ => 1e-3f };
        var weightDecay = new Option<float>("--weight-decay") { DefaultValueFactory = _ => 1e-3f };
        var epochPerFile = new Option<int>("--epoch-per-file") { Description = "Train each epoch on a fresh draw of at most this many cases per train file (0 = all sampled cases every epoch); use with --per-file 0." };
        var viewDropout = new Option<float>("--view-dropout") { Description = "Probability of dropping one view's product block per training case (0 = off)." };
        var strategy = new Option<LongTextStrategy>("--long-text") { Description = "HeadTail or ChunkMean.", DefaultValueFactory = _ => LongTextStrategy.HeadTail };
        var output = new Option<string>("--output") { Description = $"Default: {MoeModelFiles.DefaultHeadPath}, or {MoeModelFiles.FineTunedHeadPath} with --fine-tuned." };
        var fineTuned = new Option<bool>("--fine-tuned") { Description = "Embed with the fine-tuned encoder (base weights + committed deltas) instead of the base one." };
        var floors = new Option<string?>("--floors") { Description = "Per-file selection floors, e.g. followups_dev.jsonl=0.79,sgd_dev.jsonl=0.766: an epoch meeting all of them beats any that misses one (default: plain macro)." };
        var trainOnDevSplit = new Option<bool>("--train-on-dev-split") { Description = $"Also train on the training half of {DevSplit.HumanEvalPackFile} (by problem) and {DevSplit.NlbseFile} (by issue); their selection and report use the other half only." };
        var ensemble = new Option<int>("--ensemble")
        {
            Description = "Train this many heads (seeds --seed, --seed + 1, ...) and write one graph that averages their probabilities.",
            DefaultValueFactory = _ => 1,
        };
        ensemble.Validators.Add(result =>
        {
            if (result.GetValue(ensemble) < 1) result.AddError("--ensemble must be at least 1.");
        });
        var int8 = new Option<bool>("--int8") { Description = $"With --fine-tuned: embed with the int8 fine-tuned encoder; writes {MoeModelFiles.FineTunedInt8HeadPath} by default." };
        var command = new Command("train", "Train the mixture-of-experts routing head on cached encoder outputs.")
        {
            train, dev, perFile, devPerFile, epochs, experts, hidden, topK, seed, learningRate, weightDecay, viewDropout, epochPerFile, strategy, output, fineTuned, int8, floors, trainOnDevSplit, ensemble,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new MoeTrainerOptions
            {
                Epochs = parse.GetValue(epochs), Experts = parse.GetValue(experts), Hidden = parse.GetValue(hidden),
                TopK = parse.GetValue(topK), Seed = parse.GetValue(seed), LearningRate = parse.GetValue(learningRate),
                WeightDecay = parse.GetValue(weightDecay), ViewDropout = parse.GetValue(viewDropout),
                EpochCasesPerSource = parse.GetValue(epochPerFile),
            };
            if (parse.GetValue(int8) && !parse.GetValue(fineTuned))
            {
                Console.Error.WriteLine("--int8 needs --fine-tuned (the base encoder's head is trained on float embeddings).");
                return Task.FromResult(2);
            }
            var files = !parse.GetValue(fineTuned) ? MoeModelFiles.Default
                : parse.GetValue(int8) ? MoeModelFiles.FineTunedInt8 : MoeModelFiles.FineTuned;
            return Task.FromResult(DataErrors.Report("train", () => Run(parse.GetValue(train)!, parse.GetValue(dev)!, parse.GetValue(perFile), parse.GetValue(devPerFile),
                parse.GetValue(strategy), options, files, parse.GetValue(output) ?? files.HeadPath, FloorSelection.Parse(parse.GetValue(floors)),
                parse.GetValue(trainOnDevSplit), parse.GetValue(ensemble), cancellationToken)));
        });
        return command;
    }

    private static int Run(string trainFolder, string devFolder, int perFile, int devPerFile, LongTextStrategy strategy,
        MoeTrainerOptions options, MoeModelFiles files, string output, FloorSelection selection, bool trainOnDevSplit, int ensemble,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // Member k of an ensemble uses seed + k for its train sample, its selection sample and its initial weights.
        var seeds = Enumerable.Range(options.Seed, ensemble).ToList();
        var (trainSamples, allDev) = LoadCases(trainFolder, devFolder, perFile, seeds, trainOnDevSplit);
        var devSamples = seeds.Select(seed => Sample(allDev, devPerFile, seed)).ToList();
        for (var member = 0; member < ensemble; member++)
            Console.WriteLine($"train: {trainSamples[member].Count} cases from {trainFolder} ({(perFile > 0 ? $"{perFile} per file, seed {seeds[member]}" : "all")}); " +
                              $"dev: {devSamples[member].Count} cases from {devFolder} for selection, {allDev.Count} for the report");

        var cache = Embed(files, strategy, TrainingSetBuilder.TextsOf(trainSamples.SelectMany(t => t).Concat(allDev)), clock, cancellationToken);
        // Features of every dev case are built once: the selection samples are subsets of them, the report reads them all.
        var reportSet = TrainingSetBuilder.Build(allDev, cache);
        var exampleOf = new Dictionary<RoutingCase, TrainingExample>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < allDev.Count; i++) exampleOf[allDev[i]] = reportSet[i];

        var members = new List<MoeHeadWeights>();
        List<TrainingExample> firstDevSet = [];
        for (var member = 0; member < ensemble; member++)
        {
            var memberOptions = options with { Seed = seeds[member] };
            var trainSet = TrainingSetBuilder.Build(trainSamples[member], cache);
            var devSet = devSamples[member].Select(c => exampleOf[c]).ToList();
            if (member == 0) firstDevSet = devSet;
            Console.WriteLine($"{(ensemble > 1 ? $"member {member + 1} of {ensemble}, seed {memberOptions.Seed}: " : "")}features ready ({clock.Elapsed:mm\\:ss})");

            var (threshold, cosineAccuracy) = CosineThresholdTuner.Tune(trainSet);
            Console.WriteLine($"cosine threshold (train): {threshold:0.0000} -> train strict {cosineAccuracy:P1}");

            string? selectionByFile = null;
            members.Add(new MoeTrainer(memberOptions).Train(trainSet, w =>
                {
                    var bySource = MoeTrainer.AccuracyBySource(w, devSet);
                    selectionByFile = string.Join(", ", bySource.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key.Split('_', '.')[0]} {p.Value:P1}"));
                    return selection.Score(bySource);
                },
                e => Console.WriteLine($"epoch {e.Epoch}: loss {e.Loss:0.0000}, train acc {e.TrainAccuracy:P1}, selection {e.SelectionScore:P1} ({clock.Elapsed:mm\\:ss})\n  {selectionByFile}"),
                cancellationToken));
            if (ensemble > 1) PrintDevReport([members[^1]], allDev, reportSet, trainOnDevSplit, $"member {member + 1}");
        }

        PrintDevReport(members, allDev, reportSet, trainOnDevSplit, ensemble > 1 ? $"the ensemble of {ensemble}" : "the selected epoch");
        foreach (var group in firstDevSet.GroupBy(e => e.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var right = MoeTrainer.AccuracyBySource(members, list.Select(e => e with { Source = "all" }).ToList())["all"];
            Console.WriteLine($"  category {group.Key} (selection sample, {list.Count}): {right:P1}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        MoeHeadExporter.Save(members, output);
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1024} KiB) in {clock.Elapsed:mm\\:ss}");
        return 0;
    }

    /// <summary>Embeds the texts the cache of <paramref name="files"/>' encoder lacks, saving as it goes, and returns the cache.</summary>
    private static EmbeddingCache Embed(MoeModelFiles files, LongTextStrategy strategy, IEnumerable<string> texts, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        files.EnsureEncoder();
        var cachePath = Path.Combine(".deps", "cache", $"moe-embeddings-{strategy}{EncoderCacheTag(files)}.bin");
        var cache = EmbeddingCache.Load(cachePath, strategy);
        Console.WriteLine($"embedding cache: {cache.Count} vectors ({cachePath})");
        using var environment = new OnnxRuntimeEnvironment();
        using var encoder = new SentenceEncoder(environment, files.EncoderPath, new OnnxSessionOptions { IntraOpThreads = 2 });
        var embedder = new TextEmbedder(SentencePieceTokenizer.Load(files.VocabularyPath), encoder, strategy);
        var lastPrinted = 0;
        cache.EmbedMissing(texts, embedder, (done, total) =>
        {
            if (done - lastPrinted < 2000 && done != total) return;
            lastPrinted = done;
            Console.WriteLine($"  embedded {done}/{total} ({clock.Elapsed:mm\\:ss})");
            cache.SaveAdded(cachePath);
        }, cancellationToken);
        cache.SaveAdded(cachePath);
        return cache;
    }

    /// <summary>
    /// Strict accuracy of the selected epoch on every dev case (C# forward; the numbers `eval` gives, up to int8
    /// rounding). Split files are also reported on their held-out halves, and the macro over those halves is the one
    /// that compares heads trained with and without <c>--train-on-dev-split</c> on the same cases.
    /// </summary>
    /// <param name="reportSet">The examples of <paramref name="reportCases"/>, in the same order.</param>
    private static void PrintDevReport(IReadOnlyList<MoeHeadWeights> members, List<RoutingCase> reportCases, List<TrainingExample> reportSet, bool trainedOnDevSplit,
        string what)
    {
        var heldOut = reportSet.Where((e, i) => DevSplit.IsSplit(e.Source) && DevSplit.MayReportOn(e.Source, reportCases[i]))
            .Select(e => e with { Source = e.Source + DevSplit.HeldOutSuffix });
        var rest = trainedOnDevSplit ? reportSet.Where(e => !DevSplit.IsSplit(e.Source)) : reportSet;
        var rows = MoeTrainer.AccuracyBySource(members, [.. rest, .. heldOut]);
        Console.WriteLine($"dev accuracy of {what} (C# forward, all dev cases):");
        foreach (var (source, accuracy) in rows.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {source}: {accuracy:P1}");
        var heldOutMacro = rows.Where(p => !DevSplit.IsSplit(p.Key)).Average(p => p.Value);
        Console.WriteLine(trainedOnDevSplit ? $"  macro (split files: held-out halves): {heldOutMacro:P1}"
            : $"  macro: {rows.Where(p => !p.Key.EndsWith(DevSplit.HeldOutSuffix, StringComparison.Ordinal)).Average(p => p.Value):P1}; with the split files' held-out halves: {heldOutMacro:P1}");
    }

    /// <summary>
    /// The seeded train sample and every dev case that may be scored. With <paramref name="trainOnDevSplit"/>, the
    /// training halves of the split dev files move to the train side (<see cref="DevSplit"/>).
    /// </summary>
    internal static (List<RoutingCase> Train, List<RoutingCase> Dev) LoadCases(string trainFolder, string devFolder, int perFile, int seed,
        bool trainOnDevSplit)
    {
        var (trains, dev) = LoadCases(trainFolder, devFolder, perFile, [seed], trainOnDevSplit);
        return (trains[0], dev);
    }

    /// <summary>One train sample per seed (an ensemble's members), from the files read once.</summary>
    internal static (List<List<RoutingCase>> Trains, List<RoutingCase> Dev) LoadCases(string trainFolder, string devFolder, int perFile,
        IReadOnlyList<int> seeds, bool trainOnDevSplit)
    {
        var all = Load(trainFolder);
        var trains = seeds.Select(seed => Sample(all, perFile, seed)).ToList();
        var dev = Load(devFolder);
        if (!trainOnDevSplit) return (trains, dev);
        var devTrainPart = dev.Where(c => !DevSplit.MayReportOn(c.Source, c)).Select(c => c with { Source = "dev-train-half:" + c.Source }).ToList();
        Console.WriteLine($"train: + {devTrainPart.Count} cases, the training halves of {DevSplit.HumanEvalPackFile} and {DevSplit.NlbseFile}");
        foreach (var train in trains) train.AddRange(devTrainPart);
        return (trains, dev.Where(c => DevSplit.MayReportOn(c.Source, c)).ToList());
    }

    private static List<RoutingCase> Load(string folder) =>
        EvalCommand.ExpandDataPaths([folder]).SelectMany(file => RoutingCaseLoader.ReadFile(file.FullName).Select(c => c with { Source = file.Name })).ToList();

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash & 0x7fffffff;
    }

    /// <summary>
    /// Keeps embeddings of different encoders apart: the base encoder has none, a fine-tuned one a hash of its deltas,
    /// and an int8 one its precision too, so that a head is never trained on another precision's embeddings.
    /// </summary>
    internal static string EncoderCacheTag(MoeModelFiles files)
    {
        // "-single": filled one text per run (EmbeddingCache.EmbedMissing); caches filled in batches are not reused.
        var precision = (files.Precision == EncoderPrecision.Float32 ? string.Empty : "-" + files.Precision.ToString().ToLowerInvariant()) + "-single";
        if (files.EncoderDeltaPath is null) return precision;
        using var stream = File.OpenRead(files.EncoderDeltaPath);
        return "-finetuned-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream))[..12].ToLowerInvariant() + precision;
    }

    /// <summary>A seeded sample of up to <paramref name="perFile"/> cases per source file.</summary>
    internal static List<RoutingCase> Sample(List<RoutingCase> loaded, int perFile, int seed)
    {
        var cases = new List<RoutingCase>();
        foreach (var group in loaded.GroupBy(c => c.Source))
        {
            var all = group.ToList();
            if (perFile > 0 && all.Count > perFile)
            {
                var random = new Random(seed * 31 + StableHash(group.Key)); // string.GetHashCode is randomised per process
                var indices = Enumerable.Range(0, all.Count).ToArray();
                random.Shuffle(indices);
                all = indices.Take(perFile).Order().Select(i => all[i]).ToList();
            }
            cases.AddRange(all);
        }
        return cases;
    }
}
