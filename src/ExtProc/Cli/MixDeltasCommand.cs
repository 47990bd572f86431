using System.CommandLine;
using System.Globalization;
using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router mix-deltas --output FILE WEIGHT:FILE...</c>: a weighted sum of fine-tuned delta files, e.g.
/// <c>0.5:run.delta16</c> (halfway back to the base encoder) or three runs at 0.333333 each (their average).
/// </summary>
public static class MixDeltasCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "The delta file to write.", Required = true };
        var parts = new Argument<string[]>("weight:file") { Description = "Each run's weight and delta file, e.g. 0.5:models/use-lite-finetuned.delta16.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("mix-deltas", "Write a weighted sum of fine-tuned weight delta files (interpolation towards the base, or an average of runs).") { output, parts };
        command.SetAction(parse =>
        {
            var runs = new List<(float, IReadOnlyList<WeightDelta>)>();
            foreach (var part in parse.GetValue(parts)!)
            {
                if (!TryParsePart(part, out var weight, out var path))
                {
                    Console.Error.WriteLine($"mix-deltas: '{part}' is not WEIGHT:FILE (e.g. 0.5:run.delta16).");
                    return 2;
                }
                if (!File.Exists(path))
                {
                    Console.Error.WriteLine($"mix-deltas: {path} does not exist.");
                    return 2;
                }
                try
                {
                    runs.Add((weight, FineTunedWeightsFile.Load(path)));
                }
                catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
                {
                    Console.Error.WriteLine($"mix-deltas: {path} is not a readable delta file ({exception.Message}).");
                    return 2;
                }
            }
            var to = parse.GetValue(output)!;
            try
            {
                FineTunedWeightsFile.Save(to, WeightDeltaMix.Mix(runs));
            }
            // Runs of different encoders (shapes differ), or a mix over the committed-weights budget.
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"mix-deltas: {exception.Message}");
                return 2;
            }
            Console.WriteLine($"Wrote {to} ({new FileInfo(to).Length / 1024 / 1024} MiB) from {runs.Count} runs.");
            return 0;
        });
        return command;
    }

    public static bool TryParsePart(string part, out float weight, out string path)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        path = colon < 0 ? string.Empty : part[(colon + 1)..];
        weight = 0;
        return colon > 0 && path.Length > 0
            && float.TryParse(part.AsSpan(0, colon), NumberStyles.Float, CultureInfo.InvariantCulture, out weight)
            && float.IsFinite(weight);
    }
}
