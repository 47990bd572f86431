using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.IntentModel.Cosine;

/// <summary>Chooses the cosine baseline's single "other" threshold: the one with the best strict accuracy on (train) examples.</summary>
public static class CosineThresholdTuner
{
    public static (float Threshold, double Accuracy) Tune(IReadOnlyList<TrainingExample> examples)
    {
        // Per case: the best route's cosine (route signal 0) and whether that route is the expected one.
        var cases = new List<(float Best, bool BestIsRight, bool OtherIsRight)>(examples.Count);
        foreach (var example in examples)
        {
            var input = example.Input;
            var best = -1;
            for (var r = 0; r < input.RouteCount; r++)
                if (best < 0 || Cosine(input, r) > Cosine(input, best)) best = r;
            cases.Add((best < 0 ? float.NegativeInfinity : Cosine(input, best), best >= 0 && best == example.Target, example.Target == input.RouteCount));
        }
        if (cases.Count == 0) return (CosineClassifier.DefaultOtherThreshold, 0);

        // Threshold t: a case answers its best route when Best >= t, else "other".
        var sorted = cases.OrderBy(c => c.Best).ToList();
        var correct = sorted.Count(c => c.BestIsRight); // t below every score: nothing is "other"
        var bestCorrect = correct;
        var bestThreshold = sorted[0].Best - 1e-3f;
        for (var i = 0; i < sorted.Count; i++)
        {
            // Raising t just above sorted[i].Best turns case i into "other".
            correct += (sorted[i].OtherIsRight ? 1 : 0) - (sorted[i].BestIsRight ? 1 : 0);
            if (i + 1 < sorted.Count && sorted[i + 1].Best == sorted[i].Best) continue;
            if (correct > bestCorrect)
            {
                bestCorrect = correct;
                bestThreshold = i + 1 < sorted.Count ? (sorted[i].Best + sorted[i + 1].Best) / 2 : sorted[i].Best + 1e-3f;
            }
        }
        return (bestThreshold, bestCorrect / (double)cases.Count);
    }

    private static float Cosine(Moe.MoeInput input, int route) => input.RouteSignals[route * Moe.MoeFeatureLayout.RouteSignalCount];
}
