using System.Text.Json;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Json;

/// <summary>The <c>"cost_usd": n</c> member of a usage object, written by the JSON writer or spliced into upstream bytes.</summary>
internal static class CostMember
{
    /// <summary>Room for <c>,"cost_usd":</c> and the number.</summary>
    public const int MaxLength = 16 + UsdAmount.MaxUtf8Length;

    public static void Write(Utf8JsonWriter writer, decimal? cost)
    {
        if (cost is not { } usd) return;
        Span<byte> number = stackalloc byte[UsdAmount.MaxUtf8Length];
        var length = UsdAmount.FormatUtf8(usd, number);
        writer.WritePropertyName(UsageFields.CostUsdUtf8);
        writer.WriteRawValue(number[..length], skipInputValidation: true);
    }

    /// <summary>
    /// Formats the member for insertion just before the closing brace of a usage object, with a leading comma
    /// when the object already has members; returns the byte count.
    /// </summary>
    public static int Format(decimal cost, bool afterOtherMembers, Span<byte> destination)
    {
        var position = 0;
        if (afterOtherMembers) destination[position++] = (byte)',';
        destination[position++] = (byte)'"';
        UsageFields.CostUsdUtf8.CopyTo(destination[position..]);
        position += UsageFields.CostUsdUtf8.Length;
        destination[position++] = (byte)'"';
        destination[position++] = (byte)':';
        return position + UsdAmount.FormatUtf8(cost, destination[position..]);
    }

    /// <summary>Whether the usage object in <paramref name="objectBytes"/> (braces included) has any member.</summary>
    public static bool HasMembers(ReadOnlySpan<byte> objectBytes) =>
        !objectBytes[1..^1].Trim(" \t\r\n"u8).IsEmpty;
}
