using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// Writes Anthropic stream events ("Streaming Messages" → "Event types"), each as <c>event: type</c> plus one
/// <c>data:</c> line. Raw values (quoted JSON strings) are copied without re-encoding.
/// </summary>
internal sealed class AnthropicEventWriter(JsonOutput json)
{
    public void MessageStart(IBufferWriter<byte> output, ReadOnlySpan<byte> quotedId, ReadOnlySpan<byte> quotedModel)
    {
        var writer = Begin(output, "message_start"u8);
        writer.WriteStartObject("message"u8);
        writer.WritePropertyName("id"u8);
        writer.WriteRawValue(quotedId, skipInputValidation: true);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WritePropertyName("model"u8);
        writer.WriteRawValue(quotedModel, skipInputValidation: true);
        writer.WriteStartArray("content"u8);
        writer.WriteEndArray();
        writer.WriteNull("stop_reason"u8);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, 0);
        writer.WriteNumber("output_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
        End(writer, output);
    }

    public void TextBlockStart(IBufferWriter<byte> output, int index)
    {
        var writer = Begin(output, "content_block_start"u8);
        writer.WriteNumber("index"u8, index);
        writer.WriteStartObject("content_block"u8);
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, ""u8);
        writer.WriteEndObject();
        End(writer, output);
    }

    public void ToolUseBlockStart(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> quotedId, ReadOnlySpan<byte> quotedName)
    {
        var writer = Begin(output, "content_block_start"u8);
        writer.WriteNumber("index"u8, index);
        writer.WriteStartObject("content_block"u8);
        writer.WriteString("type"u8, "tool_use"u8);
        writer.WritePropertyName("id"u8);
        writer.WriteRawValue(quotedId, skipInputValidation: true);
        writer.WritePropertyName("name"u8);
        writer.WriteRawValue(quotedName, skipInputValidation: true);
        writer.WriteStartObject("input"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        End(writer, output);
    }

    /// <summary>The hot path, written as bytes: the fragment is an already-encoded JSON string from the upstream chunk.</summary>
    /// <param name="typeAndProperty">e.g. <c>"text_delta","text":</c> — the delta type and the member the fragment goes in.</param>
    public static void BlockDelta(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> typeAndProperty, ReadOnlySpan<byte> quotedValue)
    {
        ReadOnlySpan<byte> head = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"u8;
        ReadOnlySpan<byte> middle = ",\"delta\":{\"type\":"u8;
        ReadOnlySpan<byte> tail = "}}\n\n"u8;
        var length = head.Length + 11 + middle.Length + typeAndProperty.Length + quotedValue.Length + tail.Length;
        var span = output.GetSpan(length);
        head.CopyTo(span);
        var position = head.Length;
        System.Buffers.Text.Utf8Formatter.TryFormat(index, span[position..], out var digits);
        position += digits;
        middle.CopyTo(span[position..]);
        position += middle.Length;
        typeAndProperty.CopyTo(span[position..]);
        position += typeAndProperty.Length;
        quotedValue.CopyTo(span[position..]);
        position += quotedValue.Length;
        tail.CopyTo(span[position..]);
        output.Advance(position + tail.Length);
    }

    public static ReadOnlySpan<byte> TextDelta => "\"text_delta\",\"text\":"u8;

    public static ReadOnlySpan<byte> InputJsonDelta => "\"input_json_delta\",\"partial_json\":"u8;

    public void BlockStop(IBufferWriter<byte> output, int index)
    {
        var writer = Begin(output, "content_block_stop"u8);
        writer.WriteNumber("index"u8, index);
        End(writer, output);
    }

    /// <summary>message_delta with the stop reason and the final, cumulative usage (and its cost when known).</summary>
    public void MessageDelta(IBufferWriter<byte> output, string stopReason, TokenUsage usage, decimal? cost)
    {
        var writer = Begin(output, "message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("stop_reason"u8, stopReason);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteEndObject();
        WriteUsage(writer, usage, cost);
        End(writer, output);
    }

    public void MessageStop(IBufferWriter<byte> output)
    {
        var writer = Begin(output, "message_stop"u8);
        End(writer, output);
    }

    /// <summary>Anthropic usage: input_tokens excludes the cached tokens reported as cache reads; cost_usd last when known.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage, decimal? cost)
    {
        var counts = AnthropicUsageCounts.FromTokenUsage(usage);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, counts.InputTokens ?? 0);
        writer.WriteNumber("cache_creation_input_tokens"u8, 0);
        writer.WriteNumber("cache_read_input_tokens"u8, counts.CacheReadTokens ?? 0);
        writer.WriteNumber("output_tokens"u8, counts.OutputTokens ?? 0);
        CostMember.Write(writer, cost);
        writer.WriteEndObject();
    }

    private Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> type)
    {
        SseWriting.BeginEvent(output, type);
        var writer = json.Start(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        return writer;
    }

    private static void End(Utf8JsonWriter writer, IBufferWriter<byte> output)
    {
        writer.WriteEndObject();
        writer.Flush();
        SseWriting.End(output);
    }
}
