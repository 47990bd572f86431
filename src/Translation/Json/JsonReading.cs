using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>Small helpers over <see cref="Utf8JsonReader"/> for parsing events in place.</summary>
internal static class JsonReading
{
    /// <summary>On a value token: returns its raw range and leaves the reader on the value's last token.</summary>
    public static JsonRange TakeRawValue(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        return new JsonRange(start, (int)reader.BytesConsumed - start);
    }

    /// <summary>The range from <paramref name="start"/> to the end of the token the reader is on (e.g. an object's closing brace).</summary>
    public static JsonRange RangeSince(int start, ref Utf8JsonReader reader) => new(start, (int)reader.BytesConsumed - start);

    /// <summary>Reads an integer token, or null for JSON null / non-integers.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;

    /// <summary>Reads a string token, or null for any other token (skipping containers).</summary>
    public static string? ReadStringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>Reads a string or a number token as text (error codes come as either), else null.</summary>
    public static string? ReadScalarText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Copies the unescaped bytes of the current string token into <paramref name="destination"/>.</summary>
    public static void CopyUnescaped(ref Utf8JsonReader reader, IBufferWriter<byte> destination)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            destination.Write(reader.ValueSpan);
            return;
        }
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var span = destination.GetSpan(length);
        var written = reader.CopyString(span);
        destination.Advance(written);
    }

    /// <summary>True when <paramref name="json"/> is one syntactically complete JSON value.</summary>
    public static bool IsValidJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
