using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>Reading a client's request for a full translation: every refusal names the offending field.</summary>
internal static class RequestJson
{
    public static JsonDocument ParseObject(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            throw new TranslationException(400, null, $"The request body is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TranslationException(400, null, "The request body must be a JSON object.");
        }
        return document;
    }

    public static TranslationException Invalid(string field, string message) => new(400, field, $"'{field}': {message}");

    public static TranslationException Unsupported(string field, string provider, string? detail = null) =>
        new(422, field, $"'{field}' is not supported when the model is served by {provider}{(detail is null ? "." : $": {detail}")}");

    public static string RequireString(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(field, "must be a string.");

    public static double RequireNumber(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Invalid(field, "must be a number.");

    public static long RequireInteger(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number
            : throw Invalid(field, "must be a positive integer.");

    public static bool RequireBoolean(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(field, "must be a boolean."),
    };

    public static JsonElement RequireArray(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Array ? value : throw Invalid(field, "must be an array.");

    public static JsonElement RequireObject(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Invalid(field, "must be an object.");

    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Parses a JSON text held in a string (tool-call arguments) into an object, naming the field when it is not one.</summary>
    public static JsonDocument ParseEmbeddedObject(string? json, string field)
    {
        if (string.IsNullOrWhiteSpace(json)) return JsonDocument.Parse("{}");
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (JsonException)
        {
            // reported below
        }
        throw Invalid(field, "must be a JSON object encoded as a string.");
    }

    /// <summary>Text of a content value that is a string or an array of text parts (system, tool messages).</summary>
    public static string TextOf(JsonElement content, string field, string provider)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) throw Invalid(field, "must be a string or an array of content parts.");
        var text = new System.Text.StringBuilder();
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partField = $"{field}[{i++}]";
            var type = RequireString(Optional(part, "type") ?? throw Invalid(partField + ".type", "is required."), partField + ".type");
            if (type != "text") throw Unsupported($"{partField}.type", provider, $"only text parts are allowed here, not '{type}'");
            text.Append(RequireString(Optional(part, "text") ?? throw Invalid(partField + ".text", "is required."), partField + ".text"));
        }
        return text.ToString();
    }
}
