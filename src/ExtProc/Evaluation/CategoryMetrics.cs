namespace ExtProcRouter.Evaluation;

/// <summary>Accuracy over the cases of one category (general, coding, follow_up, ...).</summary>
public sealed record CategoryMetrics(string Category, int Cases, int StrictCorrect, int LenientCorrect)
{
    public double StrictAccuracy => Ratio.Of(StrictCorrect, Cases);

    public double LenientAccuracy => Ratio.Of(LenientCorrect, Cases);
}
