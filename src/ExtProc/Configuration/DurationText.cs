using System.Globalization;

namespace ExtProcRouter.Configuration;

/// <summary>Durations as written in router.yaml: <c>250ms</c>, <c>2s</c>, <c>1m</c> (Envoy's style, minus fractions of units).</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var value = text.Trim();
        (string suffix, double unitMs)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
        foreach (var (suffix, unitMs) in units)
        {
            if (!value.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var number = value.AsSpan(0, value.Length - suffix.Length);
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
            duration = TimeSpan.FromMilliseconds(amount * unitMs);
            return true;
        }
        return false;
    }
}
