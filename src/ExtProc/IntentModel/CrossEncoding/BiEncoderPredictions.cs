using ExtProcRouter.Evaluation;

namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// The per-route probabilities a bi-encoder gave each case, read from an <c>eval --predictions</c> file, in the
/// candidate order of a <see cref="CrossEncoderExample"/> (offered routes, then "other" as the remainder).
/// </summary>
public sealed class BiEncoderPredictions
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, float>> _scores;

    private BiEncoderPredictions(Dictionary<string, IReadOnlyDictionary<string, float>> scores) => _scores = scores;

    /// <exception cref="RoutingDataException">A line is not an object with an id and numeric scores.</exception>
    public static BiEncoderPredictions Load(string path)
    {
        var scores = new Dictionary<string, IReadOnlyDictionary<string, float>>(StringComparer.Ordinal);
        foreach (var line in PredictionsFile.Read(path))
            if (line.Scores.Count > 0) scores[line.Id] = line.Scores;
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
