using ExtProcRouter.Translation;

namespace ExtProcRouter.Cost;

/// <summary>How a USD cost is written in headers, logs and reports.</summary>
public static class CostFormat
{
    /// <summary>
    /// At least 8 decimals (a small request costs a few millionths of a dollar: 0.00004070), at most 10, invariant
    /// culture, no exponent, so clients can parse it as a plain decimal. The translators write the usage objects'
    /// cost_usd with the same <see cref="UsdAmount"/>, so header and body agree digit for digit.
    /// </summary>
    public static string Usd(decimal cost) => UsdAmount.Format(cost);
}
