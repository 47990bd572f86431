using System.Text.Json;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.OpenAI;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// A whole OpenAI <c>chat.completion</c> as an Anthropic Message ("Messages" API reference → response): content as
/// a text block, tool_calls as tool_use blocks with their arguments parsed into <c>input</c>, finish_reason as
/// stop_reason, usage split into input (uncached) and cache reads.
/// </summary>
internal static class ChatCompletionToAnthropicMessage
{
    public static TokenUsage Write(ReadOnlySpan<byte> body, Utf8JsonWriter writer, byte[] quotedServedModel, Func<TokenUsage, decimal?> costOf)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("expected a JSON object");

        var usageObject = JsonElements.OptionalObject(root, "usage");
        var usage = new TokenUsage(
            JsonElements.OptionalInt64(usageObject, "prompt_tokens"),
            JsonElements.OptionalInt64(usageObject, "completion_tokens"),
            JsonElements.OptionalInt64(JsonElements.OptionalObject(usageObject, "prompt_tokens_details"), "cached_tokens"));

        JsonElement message = default;
        string? finishReason = null;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("message", out var m)) message = m;
            if (choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String) finishReason = f.GetString();
        }

        writer.WriteStartObject();
        writer.WriteString("id"u8, root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : "msg_router");
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WritePropertyName("model"u8);
        writer.WriteRawValue(quotedServedModel, skipInputValidation: true);
        writer.WriteStartArray("content"u8);
        if (message.ValueKind == JsonValueKind.Object)
        {
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString()!.Length > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, content.GetString());
                writer.WriteEndObject();
            }
            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    var function = call.GetProperty("function");
                    var arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                    using var input = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "tool_use"u8);
                    writer.WriteString("id"u8, call.GetProperty("id").GetString());
                    writer.WriteString("name"u8, function.GetProperty("name").GetString());
                    writer.WritePropertyName("input"u8);
                    input.RootElement.WriteTo(writer);
                    writer.WriteEndObject();
                }
            }
        }
        writer.WriteEndArray();
        writer.WriteString("stop_reason"u8, FinishReasons.ToAnthropic(finishReason));
        writer.WriteNull("stop_sequence"u8);
        AnthropicEventWriter.WriteUsage(writer, usage, costOf(usage));
        writer.WriteEndObject();
        writer.Flush();
        return usage;
    }
}
