using System.Globalization;

namespace ExtProcRouter.Translation;

/// <summary>
/// How a USD cost is written wherever a client or operator reads it (response header, usage objects, logs,
/// reports), so the same request shows the same digits everywhere.
/// </summary>
public static class UsdAmount
{
    /// <summary>Room for any decimal in <see cref="Pattern"/>: 29 integer digits, a sign, a point and 10 decimals.</summary>
    public const int MaxUtf8Length = 48;

    // At least 8 decimals (a small request costs a few millionths of a dollar: 0.00004070), at most 10, no exponent,
    // so the text is both a plain decimal and a valid JSON number.
    private const string Pattern = "0.00000000##";

    public static string Format(decimal usd) => Rounded(usd).ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Writes the same text as <see cref="Format"/> as UTF-8 without allocating; returns the byte count.</summary>
    public static int FormatUtf8(decimal usd, Span<byte> destination) =>
        Rounded(usd).TryFormat(destination, out var written, Pattern, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException($"needs up to {MaxUtf8Length} bytes", nameof(destination));

    private static decimal Rounded(decimal usd) => decimal.Round(usd, 10, MidpointRounding.AwayFromZero);
}
