using System.Globalization;

namespace ExtProcRouter.WebConsole;

/// <summary>The <c>window</c> of an analytics query: <c>30m</c>, <c>1h</c>, <c>24h</c> (minutes or hours, 1 minute to 7 days).</summary>
public static class AnalyticsWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(7);

    /// <summary>Null or empty text is <see cref="Default"/>; false for anything else that is not a whole number of m or h in range.</summary>
    public static bool TryParse(string? text, out TimeSpan window)
    {
        window = Default;
        if (string.IsNullOrEmpty(text)) return true;
        var unit = text[^1] switch { 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), _ => TimeSpan.Zero };
        if (unit == TimeSpan.Zero
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount > Maximum / unit)
        {
            return false;
        }
        window = unit * amount;
        return window >= Minimum;
    }
}
