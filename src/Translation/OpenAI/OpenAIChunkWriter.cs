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
    private byte[] _id = JsonOutput.QuotedString("chatcmpl-router");
    private byte[] _model = [];
    private long _created;

    public void Start(byte[] quotedId, byte[] quotedModel, long created)
    {
        _id = quotedId;
        _model = quotedModel;
        _created = created;
    }

    public void SetId(ReadOnlySpan<byte> quotedId) => _id = quotedId.ToArray();

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
    public void WriteUsageChunk(IBufferWriter<byte> output, TokenUsage usage)
    {
        SseWriting.BeginData(output);
        var writer = json.Start(output);
        WriteEnvelope(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        OpenAIUsage.Write(writer, usage);
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
