namespace ExtProcRouter.Evaluation;

/// <summary>
/// How well the classifier says "none of these routes": <c>other</c> as the positive class, strict labels.
/// Undefined ratios (no positives predicted or expected) are NaN.
/// </summary>
public sealed record OtherDetectionMetrics(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => Ratio.Of(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio.Of(TruePositives, TruePositives + FalseNegatives);

    public double F1
    {
        get
        {
            var (p, r) = (Precision, Recall);
            if (double.IsNaN(p) || double.IsNaN(r))
            {
                return double.NaN;
            }
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }
}
