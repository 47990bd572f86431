using System.Globalization;

namespace ExtProcRouter.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> header: 1 to 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false for anything malformed (the caller decides how strict to be).</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
            return false;

        var digits = value[..^1];
        long amount = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
                return false;
            amount = amount * 10 + (c - '0');
        }

        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * TimeSpan.TicksPerMicrosecond; break;
            // A tick is 100 ns; round up so that a tiny positive timeout never becomes "no time at all".
            case 'n': ticks = (amount + 99) / 100; break;
            default: return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Formats a timeout with the finest unit whose value fits in 8 digits, rounding up so that the peer's deadline
    /// is never earlier than ours. Negative timeouts are sent as 1 ns (already expired).
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        long ticks = timeout.Ticks;
        if (ticks <= 0)
            return "1n";
        if (ticks <= MaxValue / 100)
            return Invariant(ticks * 100, 'n');

        ReadOnlySpan<(long TicksPerUnit, char Unit)> units =
        [
            (TimeSpan.TicksPerMicrosecond, 'u'), (TimeSpan.TicksPerMillisecond, 'm'), (TimeSpan.TicksPerSecond, 'S'),
            (TimeSpan.TicksPerMinute, 'M'), (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (ticksPerUnit, unit) in units)
        {
            long amount = (ticks + ticksPerUnit - 1) / ticksPerUnit;
            if (amount <= MaxValue)
                return Invariant(amount, unit);
        }
        return Invariant(MaxValue, 'H');
    }

    private static string Invariant(long amount, char unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount}{unit}");
}
