namespace ExtProcRouter.Comparison;

/// <summary>
/// The judge's scores of the router's and the baseline's answer, each the mean over the two position-swapped asks
/// that produced a score; null when neither did (or the pair was not judged because a side failed).
/// </summary>
public sealed record JudgeVerdict(double? Router, double? Baseline)
{
    public static JudgeVerdict Missing { get; } = new(null, null);

    /// <summary>Combines the ask with the router's answer first and the ask with the baseline's answer first.</summary>
    public static JudgeVerdict FromSwappedAsks(JudgeScores routerFirst, JudgeScores baselineFirst) =>
        new(Mean(routerFirst.A, baselineFirst.B), Mean(routerFirst.B, baselineFirst.A));

    private static double? Mean(double? first, double? second) => (first, second) switch
    {
        ({ } a, { } b) => (a + b) / 2,
        ({ } a, null) => a,
        (null, { } b) => b,
        _ => null,
    };
}
