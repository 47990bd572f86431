using System.CommandLine;
using System.Diagnostics;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Cosine;
using ExtProcRouter.IntentModel.Keyword;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using Spectre.Console;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// <c>extproc-router eval --data FILE.jsonl... [--classifier keyword|...] [--report OUT.md] [--predictions OUT.jsonl] [--limit N]</c>:
/// runs a classifier over routing data files with a progress bar and prints the metrics table.
/// </summary>
public static class EvalCommand
{
    public const string DefaultClassifier = "keyword";

    /// <summary>The classifiers this part provides; the host adds its own (onnx, cosine, remote) to the dictionary.</summary>
    /// <remarks>
    /// The ONNX classifiers run without their conversation cache: dev cases are independent conversations that share
    /// texts, and a cache would make their latency (and, with int8, their scores) depend on the order of the cases.
    /// </remarks>
    public static Dictionary<string, ClassifierFactory> BuiltInClassifiers() => new(StringComparer.Ordinal)
    {
        [DefaultClassifier] = _ => ValueTask.FromResult<IIntentClassifier>(new Bm25KeywordClassifier()),
        [CosineClassifier.ClassifierName] = _ => ValueTask.FromResult<IIntentClassifier>(
            Timed(() => CosineClassifier.Load(new OnnxRuntimeEnvironment(), MoeModelFiles.Default))),
        [OnnxMoeClassifier.ClassifierName] = _ => ValueTask.FromResult<IIntentClassifier>(
            Timed(() => OnnxMoeClassifier.Load(new OnnxRuntimeEnvironment(), MoeModelFiles.Default, conversationCacheCapacity: 0))),
        [Configuration.IntentModelConfig.OnnxFineTuned] = _ => ValueTask.FromResult<IIntentClassifier>(
            Timed(() => OnnxMoeClassifier.Load(new OnnxRuntimeEnvironment(), MoeModelFiles.FineTuned, conversationCacheCapacity: 0,
                name: Configuration.IntentModelConfig.OnnxFineTuned))),
        [Configuration.IntentModelConfig.OnnxFineTunedInt8] = _ => ValueTask.FromResult<IIntentClassifier>(
            Timed(() => OnnxMoeClassifier.Load(new OnnxRuntimeEnvironment(), MoeModelFiles.FineTunedInt8, conversationCacheCapacity: 0,
                name: Configuration.IntentModelConfig.OnnxFineTunedInt8))),
    };

    /// <summary>Loads a model-backed classifier and reports its load time and the process's resident memory after loading.</summary>
    private static IIntentClassifier Timed(Func<IIntentClassifier> load)
    {
        var started = Stopwatch.GetTimestamp();
        var classifier = load();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.Error.WriteLine($"{classifier.Name}: loaded in {elapsed.TotalMilliseconds:0} ms; RSS {Environment.WorkingSet / (1024 * 1024)} MiB");
        return classifier;
    }

    public static Command Create(IReadOnlyDictionary<string, ClassifierFactory>? classifiers = null, TimeProvider? timeProvider = null)
    {
        classifiers ??= BuiltInClassifiers();
        var data = DataOption();
        var classifier = new Option<string>("--classifier", "-c")
        {
            Description = "Which classifier to evaluate.",
            DefaultValueFactory = _ => DefaultClassifier,
        };
        classifier.AcceptOnlyFromAmong([.. classifiers.Keys.Order(StringComparer.Ordinal)]);
        var report = new Option<FileInfo?>("--report") { Description = "Also write the markdown report (summary and details) to this file." };
        var predictions = new Option<FileInfo?>("--predictions") { Description = "Also write one JSON line per case (id, expected, predicted, confidence, every offered route's score) to this file." };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N cases of each file (quick checks)." };
        var heldOut = new Option<bool>("--held-out")
        {
            Description = $"Score {IntentModel.Training.DevSplit.HumanEvalPackFile} and {IntentModel.Training.DevSplit.NlbseFile} on the halves `train --train-on-dev-split` never trains on.",
        };

        var command = new Command("eval", "Measure a routing classifier on JSONL routing data (DESIGN §5).") { data, classifier, report, predictions, limit, heldOut };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = ExpandDataPaths(parse.GetValue(data) ?? []);
            var name = parse.GetValue(classifier) ?? DefaultClassifier;
            var instance = await classifiers[name](cancellationToken).ConfigureAwait(false);
            var runner = new EvaluationRunner(timeProvider ?? TimeProvider.System);
            var results = new List<EvaluationResult>();
            foreach (var file in files)
            {
                if (!TryLoad(file, parse.GetValue(limit), out var cases))
                {
                    return 2;
                }
                var dataName = file.Name;
                if (parse.GetValue(heldOut) && IntentModel.Training.DevSplit.IsSplit(file.Name))
                {
                    cases = [.. cases.Where(c => IntentModel.Training.DevSplit.MayReportOn(file.Name, c))];
                    dataName += IntentModel.Training.DevSplit.HeldOutSuffix;
                }
                var result = await RunWithProgressAsync(runner, instance, cases, dataName, cancellationToken).ConfigureAwait(false);
                results.Add(result);
            }
            var summary = MarkdownReport.RenderSummary(results);
            Console.WriteLine();
            Console.WriteLine(summary);
            if (parse.GetValue(report) is { } reportFile)
            {
                var details = string.Join("\n", results.Select(MarkdownReport.Render));
                await File.WriteAllTextAsync(reportFile.FullName, $"# Routing evaluation: {instance.Name}\n\n{summary}\n{details}", cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"Report written to {reportFile.FullName}");
            }
            if (parse.GetValue(predictions) is { } predictionsFile)
            {
                await using var output = predictionsFile.Create();
                await PredictionsFile.WriteAsync(output, results, cancellationToken).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>extproc-router tune-keyword --data TRAIN.jsonl...</c>: prints the keyword baseline's best "other"
    /// threshold on the given (train) files, to be copied into <see cref="KeywordClassifierOptions.OtherThreshold"/>.
    /// </summary>
    public static Command CreateTuneKeyword()
    {
        var data = DataOption();
        var command = new Command("tune-keyword", "Choose the keyword baseline's 'other' threshold on TRAIN routing data.") { data };
        command.SetAction(parse =>
        {
            var classifier = new Bm25KeywordClassifier();
            var scored = new List<KeywordThresholdTuner.ScoredCase>();
            foreach (var file in ExpandDataPaths(parse.GetValue(data) ?? []))
            {
                if (!TryLoad(file, null, out var cases))
                {
                    return 2;
                }
                var fileScored = cases
                    .Select(c => KeywordThresholdTuner.ScoreCase(classifier, IntentModel.Conversation.ConversationTrimmer.Trim(c.Messages), c.Routes, c.Expected))
                    .ToList();
                var own = KeywordThresholdTuner.Tune(fileScored);
                Console.WriteLine($"{file.Name}: {fileScored.Count} cases, best threshold {own.BestThreshold:0.0000} -> strict {own.Accuracy:P1}");
                scored.AddRange(fileScored);
            }
            var overall = KeywordThresholdTuner.Tune(scored);
            Console.WriteLine($"all files: {overall.Cases} cases, best threshold {overall.BestThreshold:0.0000} -> strict {overall.Accuracy:P1}");
            return 0;
        });
        return command;
    }

    private static Option<string[]> DataOption() => new("--data", "-d")
    {
        Description = "JSONL routing data files, or folders whose *.jsonl files are all used.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    internal static List<FileInfo> ExpandDataPaths(IEnumerable<string> paths)
    {
        var files = new List<FileInfo>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).Select(f => new FileInfo(f)));
            }
            else
            {
                files.Add(new FileInfo(path));
            }
        }
        return files;
    }

    private static bool TryLoad(FileInfo file, int? limit, out List<RoutingCase> cases)
    {
        try
        {
            var all = RoutingCaseLoader.ReadFile(file.FullName);
            cases = (limit is { } n ? all.Take(n) : all).ToList();
            return true;
        }
        catch (Exception e) when (e is RoutingDataException or FileNotFoundException or IOException)
        {
            Console.Error.WriteLine($"eval: {e.Message}");
            cases = [];
            return false;
        }
    }

    private static async Task<EvaluationResult> RunWithProgressAsync(
        EvaluationRunner runner, IIntentClassifier classifier, List<RoutingCase> cases, string dataName, CancellationToken cancellationToken)
    {
        EvaluationResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{classifier.Name} on {dataName}"), maxValue: Math.Max(1, cases.Count));
                result = await runner.RunAsync(classifier, cases, new SynchronousProgress(task), dataName, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>Updates the bar on the caller's thread: Progress&lt;T&gt; would post to the thread pool for every case.</summary>
    private sealed class SynchronousProgress(ProgressTask task) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => task.Value = value.Completed;
    }
}
