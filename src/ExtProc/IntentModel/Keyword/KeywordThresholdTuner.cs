namespace ExtProcRouter.IntentModel.Keyword;

/// <summary>
/// Chooses the keyword baseline's "other" threshold: the value that maximises strict accuracy on the given
/// cases. Run it on train files only, so that dev numbers stay honest.
/// </summary>
public static class KeywordThresholdTuner
{
    /// <param name="BestThreshold">Predict a route only when its normalised score is above this.</param>
    /// <param name="Accuracy">Strict accuracy on the tuning cases at <paramref name="BestThreshold"/>.</param>
    public sealed record Result(double BestThreshold, double Accuracy, int Cases);

    /// <summary>One case reduced to what the threshold decides: the best route's score and whether it, or "other", is right.</summary>
    public readonly record struct ScoredCase(double TopScore, bool TopIsCorrect, bool ExpectsOther);

    public static ScoredCase ScoreCase(
        Bm25KeywordClassifier classifier,
        IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes,
        string expected)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var scores = classifier.Score(conversation, routes);
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }
        var top = scores.Length == 0 ? 0 : scores[best];
        var topIsCorrect = scores.Length > 0 && routes[best].Name == expected;
        return new ScoredCase(top, topIsCorrect, expected == IntentDecision.Other);
    }

    /// <summary>Sweeps every distinct top score as a threshold (O(n log n)) and returns the most accurate one.</summary>
    public static Result Tune(IReadOnlyList<ScoredCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            return new Result(0, double.NaN, 0);
        }
        var sorted = cases.OrderBy(c => c.TopScore).ToArray();
        // Threshold below every score: every case predicts its top route.
        var correct = sorted.Count(c => c.TopIsCorrect);
        var bestCorrect = correct;
        var bestThreshold = sorted[0].TopScore - 1e-9;
        for (var i = 0; i < sorted.Length; i++)
        {
            // Raising the threshold to sorted[i] turns this case into "other".
            correct += (sorted[i].ExpectsOther ? 1 : 0) - (sorted[i].TopIsCorrect ? 1 : 0);
            var isLastOfTie = i + 1 == sorted.Length || sorted[i + 1].TopScore > sorted[i].TopScore;
            if (isLastOfTie && correct > bestCorrect)
            {
                bestCorrect = correct;
                // Midway to the next score generalises better than sitting exactly on a training value.
                bestThreshold = i + 1 < sorted.Length ? (sorted[i].TopScore + sorted[i + 1].TopScore) / 2 : sorted[i].TopScore;
            }
        }
        return new Result(bestThreshold, (double)bestCorrect / cases.Count, cases.Count);
    }
}
