namespace ExtProcRouter.Comparison;

/// <summary>A judge's 1-10 scores of two answers as it saw them (A first, B second); null when the reply had none.</summary>
public readonly record struct JudgeScores(double? A, double? B)
{
    public static JudgeScores Missing => default;
}
