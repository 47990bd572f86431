using ExtProcRouter.Evaluation;
using static ExtProcRouter.Tests.Evaluation.Cases;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    // 10 cases: 6 strictly right, 1 more leniently right; other: 2 TP, 1 FP, 1 FN.
    private static readonly CaseOutcome[] Outcomes =
    [
        Outcome("a", "a", "general", 1),
        Outcome("a", "a", "general", 2),
        Outcome("b", "b", "coding", 3),
        Outcome("b", "a", "coding", 4),
        Outcome("c", "a", "follow_up", 5),
        Outcome("c", "other", "follow_up", 6, alsoAcceptable: ["other"]),
        Outcome("other", "other", "negative", 7),
        Outcome("other", "other", "negative", 8),
        Outcome("other", "b", "negative", 9),
        Outcome("a", "a", "general", 100),
    ];

    [Fact]
    public void Strict_and_lenient_accuracy()
    {
        var metrics = EvaluationMetrics.Compute(Outcomes);
        Assert.Equal(10, metrics.Cases);
        Assert.Equal(6, metrics.StrictCorrect);
        Assert.Equal(7, metrics.LenientCorrect);
        Assert.Equal(0.6, metrics.StrictAccuracy, 12);
        Assert.Equal(0.7, metrics.LenientAccuracy, 12);
    }

    [Fact]
    public void Per_category_accuracy_sorted_by_name()
    {
        var categories = EvaluationMetrics.Compute(Outcomes).PerCategory;
        Assert.Equal(
            [
                new CategoryMetrics("coding", 2, 1, 1),
                new CategoryMetrics("follow_up", 2, 0, 1),
                new CategoryMetrics("general", 3, 3, 3),
                new CategoryMetrics("negative", 3, 2, 2),
            ],
            categories);
        Assert.Equal(0.5, categories[1].LenientAccuracy, 12);
    }

    [Fact]
    public void Other_precision_recall_f1()
    {
        var other = EvaluationMetrics.Compute(Outcomes).Other;
        Assert.Equal(new OtherDetectionMetrics(2, 1, 1), other);
        Assert.Equal(2.0 / 3, other.Precision, 12);
        Assert.Equal(2.0 / 3, other.Recall, 12);
        Assert.Equal(2.0 / 3, other.F1, 12);
    }

    [Fact]
    public void Other_metrics_are_undefined_without_positives()
    {
        var other = EvaluationMetrics.Compute([Outcome("a", "a"), Outcome("b", "a")]).Other;
        Assert.True(double.IsNaN(other.Precision));
        Assert.True(double.IsNaN(other.Recall));
        Assert.True(double.IsNaN(other.F1));
    }

    [Fact]
    public void F1_is_zero_when_other_is_predicted_but_never_right()
    {
        var other = EvaluationMetrics.Compute([Outcome("a", "other"), Outcome("other", "a")]).Other;
        Assert.Equal(0, other.Precision);
        Assert.Equal(0, other.Recall);
        Assert.Equal(0, other.F1);
    }

    [Fact]
    public void Confusions_are_counted_and_ordered_by_frequency_then_name()
    {
        CaseOutcome[] outcomes = [Outcome("c", "a"), Outcome("b", "a"), Outcome("c", "a"), Outcome("a", "b"), Outcome("a", "a")];
        var confusions = EvaluationMetrics.Compute(outcomes, confusionCount: 2).TopConfusions;
        Assert.Equal([new Confusion("c", "a", 2), new Confusion("a", "b", 1)], confusions);
    }

    [Fact]
    public void Latency_percentiles_use_nearest_rank()
    {
        var latency = EvaluationMetrics.Compute(Outcomes).Latency;
        Assert.Equal(TimeSpan.FromMilliseconds(5), latency.P50); // rank ceil(0.5 * 10) = 5
        Assert.Equal(TimeSpan.FromMilliseconds(100), latency.P99); // rank ceil(0.99 * 10) = 10
        Assert.Equal(TimeSpan.FromMilliseconds(100), latency.Max);
        Assert.Equal(TimeSpan.FromMilliseconds(14.5), latency.Mean);
    }

    [Fact]
    public void Errors_count_as_wrong_and_are_tallied()
    {
        var failed = new CaseOutcome(Case("a"), CaseOutcome.ErrorPrediction, 0, TimeSpan.Zero, "boom");
        var metrics = EvaluationMetrics.Compute([failed, Outcome("a", "a")]);
        Assert.Equal(1, metrics.Errors);
        Assert.Equal(1, metrics.StrictCorrect);
    }

    [Fact]
    public void Empty_run_has_undefined_accuracy_and_zero_latency()
    {
        var metrics = EvaluationMetrics.Compute([]);
        Assert.True(double.IsNaN(metrics.StrictAccuracy));
        Assert.Equal(LatencySummary.Empty, metrics.Latency);
    }
}
