namespace ExtProcRouter.Evaluation;

/// <summary>The numbers of one evaluation run (issue 4 item 8).</summary>
public sealed record EvaluationMetrics(
    int Cases,
    int StrictCorrect,
    int LenientCorrect,
    int Errors,
    IReadOnlyList<CategoryMetrics> PerCategory,
    OtherDetectionMetrics Other,
    IReadOnlyList<Confusion> TopConfusions,
    LatencySummary Latency)
{
    public const int DefaultConfusionCount = 10;

    public double StrictAccuracy => Ratio.Of(StrictCorrect, Cases);

    public double LenientAccuracy => Ratio.Of(LenientCorrect, Cases);

    public static EvaluationMetrics Compute(IReadOnlyList<CaseOutcome> outcomes, int confusionCount = DefaultConfusionCount)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        int strict = 0, lenient = 0, errors = 0, truePositives = 0, falsePositives = 0, falseNegatives = 0;
        var categories = new SortedDictionary<string, (int Cases, int Strict, int Lenient)>(StringComparer.Ordinal);
        var confusions = new Dictionary<(string Expected, string Predicted), int>();
        foreach (var outcome in outcomes)
        {
            var isStrict = outcome.IsStrictlyCorrect;
            var isLenient = outcome.IsLenientlyCorrect;
            strict += isStrict ? 1 : 0;
            lenient += isLenient ? 1 : 0;
            errors += outcome.Error is null ? 0 : 1;

            var category = categories.GetValueOrDefault(outcome.Case.Category);
            categories[outcome.Case.Category] = (category.Cases + 1, category.Strict + (isStrict ? 1 : 0), category.Lenient + (isLenient ? 1 : 0));

            var expectedOther = outcome.Case.Expected == IntentModel.IntentDecision.Other;
            var predictedOther = outcome.Predicted == IntentModel.IntentDecision.Other;
            truePositives += expectedOther && predictedOther ? 1 : 0;
            falsePositives += !expectedOther && predictedOther ? 1 : 0;
            falseNegatives += expectedOther && !predictedOther ? 1 : 0;

            if (!isStrict)
            {
                var key = (outcome.Case.Expected, outcome.Predicted);
                confusions[key] = confusions.GetValueOrDefault(key) + 1;
            }
        }

        var topConfusions = confusions
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key.Expected, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Predicted, StringComparer.Ordinal)
            .Take(confusionCount)
            .Select(c => new Confusion(c.Key.Expected, c.Key.Predicted, c.Value))
            .ToList();

        return new EvaluationMetrics(
            outcomes.Count,
            strict,
            lenient,
            errors,
            categories.Select(c => new CategoryMetrics(c.Key, c.Value.Cases, c.Value.Strict, c.Value.Lenient)).ToList(),
            new OtherDetectionMetrics(truePositives, falsePositives, falseNegatives),
            topConfusions,
            LatencySummary.From(outcomes.Select(o => o.Latency)));
    }
}
