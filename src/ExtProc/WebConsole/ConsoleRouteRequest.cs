using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The Playground's <c>{"router": NAME, "messages": [...]}</c>, checked and turned into the chat-completions body a
/// client would send with <c>"model": "router:NAME"</c>, so the dry run reads exactly what a real request carries.
/// </summary>
public sealed record ConsoleRouteRequest(string Router, byte[] ChatBody)
{
    public const int MaxMessages = 200;
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool" };

    /// <summary>Longest access key accepted from the page (keys are short tokens; this bounds what is forwarded).</summary>
    public const int MaxAccessKeyLength = 512;

    public static bool TryParse(ReadOnlySpan<byte> json, out ConsoleRouteRequest? request, out OpenAIError? error) =>
        TryParse(json, out request, out _, out error);

    /// <summary>
    /// Also reads the optional <c>access_key</c> the Send button forwards to the front door. It is returned apart from
    /// the request so that it can never end up in a record's printed form or a log.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out ConsoleRouteRequest? request, out string? accessKey, out OpenAIError? error)
    {
        request = null;
        accessKey = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            error = ConsoleErrors.MalformedJson($"line {exception.LineNumber}, byte {exception.BytePositionInLine}");
            return false;
        }
        using (document)
        {
            error = Check(document.RootElement, out var router) ?? CheckAccessKey(document.RootElement, out accessKey);
            if (error is not null) return false;
            request = new ConsoleRouteRequest(router!, ChatBodyFor(router!, document.RootElement.GetProperty("messages")));
            return true;
        }
    }

    private static OpenAIError? Check(JsonElement root, out string? router)
    {
        router = null;
        if (root.ValueKind != JsonValueKind.Object) return ConsoleErrors.MalformedJson("expected a JSON object");
        if (!root.TryGetProperty("router", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } text)
            return ConsoleErrors.Invalid("router", "router is required: the name of a configured router.");
        router = text.StartsWith(RouterConfigValidator.RouterPrefix, StringComparison.Ordinal) ? text[RouterConfigValidator.RouterPrefix.Length..] : text;
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            return ConsoleErrors.Invalid("messages", "messages must be a non-empty array of {role, content}.");
        if (messages.GetArrayLength() > MaxMessages)
            return ConsoleErrors.Invalid("messages", $"at most {MaxMessages} messages.");
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var where = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object) return ConsoleErrors.Invalid(where, $"{where} must be an object.");
            if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || !Roles.Contains(role.GetString()!))
                return ConsoleErrors.Invalid($"{where}.role", $"{where}.role must be one of {string.Join(", ", Roles)}.");
            if (!message.TryGetProperty("content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
                return ConsoleErrors.Invalid($"{where}.content", $"{where}.content must be a string or an array of content parts.");
        }
        return null;
    }

    private static OpenAIError? CheckAccessKey(JsonElement root, out string? accessKey)
    {
        accessKey = null;
        if (!root.TryGetProperty("access_key", out var key) || key.ValueKind == JsonValueKind.Null) return null;
        if (key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: <= MaxAccessKeyLength } text)
            return ConsoleErrors.Invalid("access_key", $"access_key must be a string of at most {MaxAccessKeyLength} characters.");
        accessKey = text.Length == 0 ? null : text;
        return null;
    }

    private static byte[] ChatBodyFor(string router, JsonElement messages)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", RouterConfigValidator.RouterPrefix + router);
            json.WritePropertyName("messages");
            messages.WriteTo(json);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
