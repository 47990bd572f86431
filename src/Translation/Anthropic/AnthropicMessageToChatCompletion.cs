using System.Buffers;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.OpenAI;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// A whole Anthropic Message ("Messages" API reference → response) as an OpenAI <c>chat.completion</c>:
/// text blocks joined into content, tool_use blocks as tool_calls (input serialised into the arguments
/// string), thinking as <c>reasoning_content</c>, stop_reason as finish_reason, usage with cache reads.
/// </summary>
internal static class AnthropicMessageToChatCompletion
{
    public static TokenUsage Write(ReadOnlySpan<byte> body, Utf8JsonWriter writer, byte[] quotedServedModel, long created, Func<TokenUsage, decimal?> costOf)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("expected a JSON object");

        var usage = JsonElements.OptionalObject(root, "usage");
        var counts = new AnthropicUsageCounts(
            JsonElements.OptionalInt64(usage, "input_tokens"),
            JsonElements.OptionalInt64(usage, "output_tokens"),
            JsonElements.OptionalInt64(usage, "cache_read_input_tokens"),
            JsonElements.OptionalInt64(usage, "cache_creation_input_tokens"));

        var text = new StringBuilder();
        var thinking = new StringBuilder();
        var toolCalls = new List<JsonElement>();
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == "text") text.Append(block.GetProperty("text").GetString());
                else if (type == "thinking") thinking.Append(block.GetProperty("thinking").GetString());
                else if (type == "tool_use") toolCalls.Add(block);
            }
        }

        writer.WriteStartObject();
        writer.WriteString("id"u8, root.TryGetProperty("id", out var id) ? id.GetString() : "chatcmpl-router");
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, created);
        writer.WritePropertyName("model"u8);
        writer.WriteRawValue(quotedServedModel, skipInputValidation: true);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (text.Length > 0 || toolCalls.Count == 0) writer.WriteString("content"u8, text.ToString());
        else writer.WriteNull("content"u8);
        if (thinking.Length > 0) writer.WriteString("reasoning_content"u8, thinking.ToString());
        if (toolCalls.Count > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in toolCalls)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, call.GetProperty("id").GetString());
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, call.GetProperty("name").GetString());
                writer.WriteString("arguments"u8, call.TryGetProperty("input", out var input) ? input.GetRawText() : "{}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteNull("refusal"u8);
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        var stopReason = root.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(stop.GetString()!)
            : "end_turn"u8.ToArray();
        writer.WriteString("finish_reason"u8, FinishReasons.FromAnthropic(stopReason));
        writer.WriteEndObject();
        writer.WriteEndArray();
        var tokenUsage = counts.ToTokenUsage();
        OpenAIUsage.Write(writer, tokenUsage, costOf(tokenUsage));
        writer.WriteEndObject();
        writer.Flush();
        return tokenUsage;
    }
}
