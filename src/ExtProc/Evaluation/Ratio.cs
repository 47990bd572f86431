namespace ExtProcRouter.Evaluation;

internal static class Ratio
{
    /// <summary>numerator / denominator, NaN when the denominator is 0 (reported as "n/a", never as a fake 0 or 1).</summary>
    public static double Of(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
