using System.Text.Json;
using ExtProcRouter.Evaluation;

namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// The per-route probabilities a bi-encoder gave each case, read from an <c>eval --predictions</c> file, in the
/// candidate order of a <see cref="CrossEncoderExample"/> (offered routes, then "other" as the remainder).
/// </summary>
public sealed class BiEncoderPredictions
{
    private readonly Dictionary<string, Dictionary<string, float>> _scores;

    private BiEncoderPredictions(Dictionary<string, Dictionary<string, float>> scores) => _scores = scores;

    public static BiEncoderPredictions Load(string path)
    {
        var scores = new Dictionary<string, Dictionary<string, float>>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (!root.TryGetProperty("scores", out var routes)) continue;
                scores[root.GetProperty("id").GetString()!] = routes.EnumerateObject().ToDictionary(r => r.Name, r => (float)r.Value.GetDouble(), StringComparer.Ordinal);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new RoutingDataException(path, number, "not a line of `eval --predictions` (an object with an id and numeric scores)", e);
            }
        }
        return new BiEncoderPredictions(scores);
    }

    /// <summary>Probabilities of <paramref name="example"/>'s offered routes and then "other", or null if the file lacks the case.</summary>
    public float[]? For(CrossEncoderExample example)
    {
        if (!_scores.TryGetValue(example.Id, out var routes)) return null;
        var probabilities = new float[example.RouteNames.Count + 1];
        for (var r = 0; r < example.RouteNames.Count; r++)
        {
            if (!routes.TryGetValue(example.RouteNames[r], out var probability)) return null;
            probabilities[r] = probability;
        }
        probabilities[^1] = Math.Max(0f, 1f - probabilities[..^1].Sum());
        return probabilities;
    }
}
