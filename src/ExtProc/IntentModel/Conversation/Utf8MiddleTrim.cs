using System.Text;

namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>
/// Shortens text to a UTF-8 byte budget keeping ~60% from the start and ~40% from the end around "…". Users
/// frame a task at the start and often put the actual ask after a long paste, so both ends matter. Cuts fall
/// on code point boundaries only: never inside a UTF-8 sequence or a surrogate pair.
/// </summary>
public static class Utf8MiddleTrim
{
    public const string Marker = "…";

    private const int MarkerBytes = 3; // U+2026 in UTF-8

    /// <summary>The UTF-8 length of <paramref name="text"/>; a lone surrogate counts as the 3-byte U+FFFD it encodes to.</summary>
    public static int ByteCount(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>Returns <paramref name="text"/> when it fits in <paramref name="maxBytes"/>, otherwise head + "…" + tail within it.</summary>
    public static string Trim(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (ByteCount(text) <= maxBytes)
        {
            return text;
        }
        var span = text.AsSpan();
        if (maxBytes <= MarkerBytes)
        {
            // No room for the marker: keep only the start.
            return new string(span[..HeadLength(span, maxBytes, out _)]);
        }

        var available = maxBytes - MarkerBytes;
        var headChars = HeadLength(span, available * 3 / 5, out var headBytes);
        var tailChars = TailLength(span, available - headBytes);
        return string.Concat(span[..headChars], Marker, span[^tailChars..]);
    }

    /// <summary>Chars of the longest prefix whose UTF-8 form fits in <paramref name="maxBytes"/>.</summary>
    private static int HeadLength(ReadOnlySpan<char> text, int maxBytes, out int bytes)
    {
        var chars = 0;
        bytes = 0;
        while (chars < text.Length)
        {
            Rune.DecodeFromUtf16(text[chars..], out var rune, out var consumed);
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }
            bytes += rune.Utf8SequenceLength;
            chars += consumed;
        }
        return chars;
    }

    /// <summary>Chars of the longest suffix whose UTF-8 form fits in <paramref name="maxBytes"/>.</summary>
    private static int TailLength(ReadOnlySpan<char> text, int maxBytes)
    {
        var chars = 0;
        var bytes = 0;
        while (chars < text.Length)
        {
            Rune.DecodeLastFromUtf16(text[..^chars], out var rune, out var consumed);
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }
            bytes += rune.Utf8SequenceLength;
            chars += consumed;
        }
        return chars;
    }
}
