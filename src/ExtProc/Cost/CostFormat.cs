using System.Globalization;

namespace ExtProcRouter.Cost;

/// <summary>How a USD cost is written in headers, logs and reports.</summary>
public static class CostFormat
{
    /// <summary>
    /// At least 8 decimals (a small request costs a few millionths of a dollar: 0.00004070), at most 10, invariant
    /// culture, no exponent, so clients can parse it as a plain decimal.
    /// </summary>
    public static string Usd(decimal cost) =>
        decimal.Round(cost, 10, MidpointRounding.AwayFromZero).ToString("0.00000000##", CultureInfo.InvariantCulture);
}
