using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>Lenient reads from whole (non-streamed) response documents.</summary>
internal static class JsonElements
{
    public static long? OptionalInt64(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    public static JsonElement OptionalObject(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;
}
