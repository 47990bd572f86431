using System.CommandLine;
using System.Globalization;
using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router mix-predictions FIRST.jsonl SECOND.jsonl [--geometric] [--gap G] [--weights 0,0.1,...]</c>:
/// strict accuracy per dev file and macro when two classifiers' probabilities are mixed per case (<see cref="PredictionMixing"/>),
/// so late fusion is measured before a second classifier is paid for in serving.
/// </summary>
public static class MixPredictionsCommand
{
    public static Command Create()
    {
        var first = new Argument<FileInfo>("first") { Description = "The first classifier's `eval --predictions` file (the one serving)." };
        var second = new Argument<FileInfo>("second") { Description = "The second classifier's, over the same cases." };
        var geometric = new Option<bool>("--geometric") { Description = "Mix by a weighted geometric mean instead of the arithmetic one." };
        var gap = new Option<float>("--gap")
        {
            Description = "Mix only cases whose first-classifier top two candidates are closer than this in probability.",
            DefaultValueFactory = _ => float.PositiveInfinity,
        };
        var weights = new Option<string>("--weights") { Description = "Weights of the second classifier, comma-separated.", DefaultValueFactory = _ => "0,0.1,0.2,0.3,0.4,0.5" };
        var command = new Command("mix-predictions", "Score two classifiers' eval predictions mixed per case (late fusion).") { first, second, geometric, gap, weights };
        command.SetAction(parse =>
        {
            var mixWeights = new List<float>();
            foreach (var text in parse.GetValue(weights)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight is < 0 or > 1)
                {
                    Console.Error.WriteLine($"mix-predictions: weight '{text}' is not a number from 0 to 1.");
                    return 2;
                }
                mixWeights.Add(weight);
            }
            try
            {
                var firstLines = PredictionsFile.Read(parse.GetValue(first)!.FullName);
                var secondLines = PredictionsFile.Read(parse.GetValue(second)!.FullName);
                var header = true;
                foreach (var weight in mixWeights)
                {
                    var outcome = PredictionMixing.Score(firstLines, secondLines, weight, parse.GetValue(geometric), parse.GetValue(gap));
                    if (header)
                    {
                        Console.WriteLine($"| a | {string.Join(" | ", outcome.AccuracyByData.Keys)} | macro | mixed |");
                        Console.WriteLine($"|---:|{string.Concat(outcome.AccuracyByData.Keys.Select(_ => "---:|"))}---:|---:|");
                        header = false;
                    }
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {weight:0.00} | {string.Join(" | ", outcome.AccuracyByData.Values.Select(a => $"{a:P1}"))} | {outcome.Macro:P2} | {outcome.MixedShare:P1} |"));
                }
                return 0;
            }
            catch (Exception exception) when (exception is FileNotFoundException or RoutingDataException or ArgumentException)
            {
                Console.Error.WriteLine($"mix-predictions: {exception.Message}");
                return 2;
            }
        });
        return command;
    }
}
