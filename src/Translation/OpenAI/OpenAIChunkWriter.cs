using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// Writes <c>chat.completion.chunk</c> SSE events ("The chat completion chunk object"): every chunk of one
/// response carries the same id, created and model. Callers write the delta's members between
/// <see cref="BeginDelta"/> and <see cref="EndDelta"/>.
/// </summary>
internal sealed class OpenAIChunkWriter(JsonOutput json)
{
    private static ReadOnlySpan<byte> DeltaSuffix => "},\"logprobs\":null,\"finish_reason\":null}]}\n\n"u8;

    private byte[] _id = JsonOutput.QuotedString("chatcmpl-router");
    private byte[] _model = [];
    private long _created;
    // "data: " and everything of a chunk up to the delta's members: identical for every chunk of a response.
    private byte[] _deltaPrefix = [];

    public void Start(byte[] quotedId, byte[] quotedModel, long created)
    {
        _id = quotedId;
        _model = quotedModel;
        _created = created;
        _deltaPrefix = [];
    }

    public void SetId(ReadOnlySpan<byte> quotedId)
    {
        _id = quotedId.ToArray();
        _deltaPrefix = [];
    }

    /// <summary>
    /// The hot path: a chunk whose delta has one member with an already-encoded JSON value (a text fragment copied
    /// from the upstream event), written as bytes without going through the JSON writer.
    /// </summary>
    public void WriteSingleMemberDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> quotedProperty, ReadOnlySpan<byte> rawValue)
    {
        if (_deltaPrefix.Length == 0) _deltaPrefix = BuildDeltaPrefix();
        var length = _deltaPrefix.Length + quotedProperty.Length + 1 + rawValue.Length + DeltaSuffix.Length;
        var span = output.GetSpan(length);
        _deltaPrefix.CopyTo(span);
        var position = _deltaPrefix.Length;
        quotedProperty.CopyTo(span[position..]);
        position += quotedProperty.Length;
        span[position++] = (byte)':';
        rawValue.CopyTo(span[position..]);
        position += rawValue.Length;
        DeltaSuffix.CopyTo(span[position..]);
        output.Advance(length);
    }

    private byte[] BuildDeltaPrefix()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            WriteEnvelope(writer);
            writer.WriteStartArray("choices"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            writer.WriteStartObject("delta"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public Utf8JsonWriter BeginDelta(IBufferWriter<byte> output)
    {
        SseWriting.BeginData(output);
        var writer = json.Start(output);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        return writer;
    }

    /// <param name="finishReason">A finish reason literal such as <c>"stop"u8</c>, or empty for null.</param>
    public void EndDelta(Utf8JsonWriter writer, IBufferWriter<byte> output, ReadOnlySpan<byte> finishReason = default)
    {
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        if (finishReason.IsEmpty) writer.WriteNull("finish_reason"u8);
        else writer.WriteString("finish_reason"u8, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        SseWriting.End(output);
    }

    /// <summary>The usage-only final chunk that <c>stream_options.include_usage</c> asks for: empty choices.</summary>
    public void WriteUsageChunk(IBufferWriter<byte> output, TokenUsage usage, decimal? cost)
    {
        SseWriting.BeginData(output);
        var writer = json.Start(output);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        OpenAIUsage.Write(writer, usage, cost);
        writer.WriteEndObject();
        writer.Flush();
        SseWriting.End(output);
    }

    private void WriteEnvelope(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("id"u8);
        writer.WriteRawValue(_id, skipInputValidation: true);
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, _created);
        writer.WritePropertyName("model"u8);
        writer.WriteRawValue(_model, skipInputValidation: true);
    }
}
