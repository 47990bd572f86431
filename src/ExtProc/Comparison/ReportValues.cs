using System.Globalization;
using ExtProcRouter.Cost;

namespace ExtProcRouter.Comparison;

/// <summary>How the markdown and CSV reports write numbers: invariant culture, empty for unknown.</summary>
internal static class ReportValues
{
    public static string Milliseconds(TimeSpan? value) =>
        value is { } time ? time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) : "";

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Usd(decimal? value) => value is { } usd ? CostFormat.Usd(usd) : "";

    public static string Score(double? value) => value?.ToString("0.0#", CultureInfo.InvariantCulture) ?? "";

    public static string Status(ChatOutcome outcome) => outcome.Status?.ToString(CultureInfo.InvariantCulture) ?? "";
}
