using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ExtProcRouter.DecisionLog;

/// <summary>
/// Identifies a conversation without keeping its text: SHA-256 over the normalized messages, so requests of the
/// same conversation (or the same prompt sent twice) group together in the decision log.
/// </summary>
/// <remarks>
/// Normalized form, per message in order: role, a line feed, the text with surrounding whitespace trimmed and CRLF
/// as LF, then a record separator (U+001E). Text is the string <c>content</c>, or the <c>text</c> of each content part
/// joined by line feeds (OpenAI and Anthropic shapes alike); a top-level <c>system</c> (Anthropic) counts as a first
/// message with role <c>system</c>. Images, tool calls and request options do not count: the same words are the
/// same conversation whatever the sampling settings.
/// </remarks>
public static class ConversationFingerprint
{
    /// <summary>The lower-case hex hash, and the latest user message when <paramref name="keepLastUserText"/>; nulls when the body has no messages.</summary>
    public static (string? Hash, string? LastUserText) Compute(ReadOnlySpan<byte> body, bool keepLastUserText)
    {
        var normalized = new ArrayBufferWriter<byte>(256);
        string? lastUser = null;
        var any = false;
        var reader = new Utf8JsonReader(body);
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            if (root.TryGetProperty("system", out var system) && TextOf(system) is { } systemText)
            {
                Append(normalized, "system", systemText);
                any = true;
            }
            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind != JsonValueKind.Object) continue;
                    var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
                    var text = message.TryGetProperty("content", out var content) ? TextOf(content) ?? "" : "";
                    Append(normalized, role, text);
                    any = true;
                    if (keepLastUserText && role == "user") lastUser = Normalize(text);
                }
            }
        }
        catch (JsonException)
        {
            return (null, null);
        }
        if (!any) return (null, null);
        return (Convert.ToHexStringLower(SHA256.HashData(normalized.WrittenSpan)), lastUser);
    }

    private static string? TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                Join(builder, part.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                Join(builder, text.GetString());
            }
        }
        return builder.ToString();
    }

    private static void Join(StringBuilder builder, string? text)
    {
        if (builder.Length > 0) builder.Append('\n');
        builder.Append(text);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static void Append(ArrayBufferWriter<byte> output, string role, string text)
    {
        Write(output, role);
        Write(output, "\n");
        Write(output, Normalize(text));
        Write(output, "\u001e");
    }

    private static void Write(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
