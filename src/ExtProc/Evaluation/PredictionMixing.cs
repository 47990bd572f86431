using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// Late fusion measured offline: two classifiers' <c>eval --predictions</c> of the same cases, their probabilities
/// mixed per case, <c>(1 - a) p1 + a p2</c> or, geometric, <c>p1^(1 - a) p2^a</c>, and answered by the classifiers' own
/// rule (best candidate; "other", the remainder of the routes' probabilities, wins ties). With a gap, only cases where
/// the first classifier's two best candidates lie closer than it are mixed: the second classifier would run on those
/// alone, so the share mixed is what it would cost in serving.
/// </summary>
public static class PredictionMixing
{
    // A candidate one classifier rules out entirely must not veto the other's answer in the geometric mean.
    private const double GeometricFloor = 1e-9;

    public sealed record Outcome(IReadOnlyDictionary<string, double> AccuracyByData, double Macro, double MixedShare);

    /// <exception cref="ArgumentException">A case of <paramref name="first"/> is missing from <paramref name="second"/>.</exception>
    public static Outcome Score(IReadOnlyList<PredictionsFile.Line> first, IReadOnlyList<PredictionsFile.Line> second,
        float weight, bool geometric, float gap = float.PositiveInfinity)
    {
        var others = new Dictionary<(string, string), IReadOnlyDictionary<string, float>>();
        foreach (var line in second) others[(line.Data, line.Id)] = line.Scores;
        var hits = new Dictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var mixed = 0;
        foreach (var line in first)
        {
            if (!others.TryGetValue((line.Data, line.Id), out var otherScores))
                throw new ArgumentException($"Case {line.Id} of {line.Data} is missing from the second predictions.");
            var routes = line.Scores.Keys.ToArray();
            var p = Candidates(routes, line.Scores);
            var (best, runnerUp) = CandidateRanking.TopTwo(p);
            if (runnerUp >= 0 && p[best] - p[runnerUp] < gap)
            {
                Mix(p, Candidates(routes, otherScores), weight, geometric);
                best = CandidateRanking.TopTwo(p).First;
                mixed++;
            }
            // A case the first classifier failed on (no scores) counts as wrong, as in its own report.
            var answer = line.Scores.Count == 0 ? null : best == routes.Length ? IntentDecision.Other : routes[best];
            var (right, total) = hits.GetValueOrDefault(line.Data);
            hits[line.Data] = (right + (answer == line.Expected ? 1 : 0), total + 1);
        }
        var accuracy = hits.OrderBy(h => h.Key, StringComparer.Ordinal)
            .ToDictionary(h => h.Key, h => h.Value.Right / (double)h.Value.Total, StringComparer.Ordinal);
        return new Outcome(accuracy, accuracy.Count == 0 ? 0 : accuracy.Values.Average(), first.Count == 0 ? 0 : mixed / (double)first.Count);
    }

    /// <summary>The routes' probabilities in <paramref name="routes"/>' order (0 where not scored), then "other" as the remainder.</summary>
    private static float[] Candidates(string[] routes, IReadOnlyDictionary<string, float> scores)
    {
        var p = new float[routes.Length + 1];
        for (var r = 0; r < routes.Length; r++) p[r] = scores.GetValueOrDefault(routes[r]);
        p[^1] = Math.Max(0f, 1f - scores.Values.Sum());
        return p;
    }

    private static void Mix(float[] into, float[] second, float weight, bool geometric)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = geometric
                ? (float)Math.Exp((1 - weight) * Math.Log(into[i] + GeometricFloor) + weight * Math.Log(second[i] + GeometricFloor))
                : (1 - weight) * into[i] + weight * second[i];
        }
    }
}
