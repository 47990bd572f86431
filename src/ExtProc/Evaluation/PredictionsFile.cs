using System.Text.Json;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// One JSON line per evaluated case (data set, id, category, expected, predicted, confidence, strict, and the score of
/// every offered route): the per-case view the markdown report's confusion table summarises, for finding which
/// conversations a model gets wrong and how close the runner-up was (the input of `cross-encoder --predictions` and
/// `mix-predictions`).
/// </summary>
public static class PredictionsFile
{
    /// <summary>One case of a predictions file: where it comes from, the right answer, and every offered route's probability (empty for a case that failed).</summary>
    public sealed record Line(string Data, string Id, string Expected, IReadOnlyDictionary<string, float> Scores);

    /// <exception cref="RoutingDataException">A line is not an object with an id and numeric scores.</exception>
    public static IReadOnlyList<Line> Read(string path)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                var scores = root.TryGetProperty("scores", out var routes)
                    ? routes.EnumerateObject().ToDictionary(r => r.Name, r => (float)r.Value.GetDouble(), StringComparer.Ordinal)
                    : new Dictionary<string, float>(StringComparer.Ordinal);
                lines.Add(new Line(Text(root, "data"), root.GetProperty("id").GetString()!, Text(root, "expected"), scores));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new RoutingDataException(path, number, "not a line of `eval --predictions` (an object with an id and numeric scores)", e);
            }
        }
        return lines;
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    public static async Task WriteAsync(Stream output, IEnumerable<EvaluationResult> results, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        foreach (var result in results)
        {
            foreach (var outcome in result.Outcomes)
            {
                json.WriteStartObject();
                json.WriteString("data", result.DataName);
                json.WriteString("id", outcome.Case.Id);
                json.WriteString("category", outcome.Case.Category);
                json.WriteString("expected", outcome.Case.Expected);
                json.WriteString("predicted", outcome.Predicted);
                json.WriteNumber("confidence", Math.Round(outcome.Confidence, 4));
                json.WriteBoolean("strict", outcome.IsStrictlyCorrect);
                if (outcome.Error is { } error) json.WriteString("error", error);
                if (outcome.Scores is { Count: > 0 } scores)
                {
                    json.WriteStartObject("scores");
                    foreach (var score in scores) json.WriteNumber(score.Route, Math.Round(score.Score, 6));
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.WriteByte((byte)'\n');
                json.Reset();
            }
        }
    }
}
