using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Errors;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.OpenAI;
using ExtProcRouter.Translation.Sse;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Gemini;

/// <summary>
/// OpenAI Chat client → Gemini upstream (<c>:generateContent</c>, or <c>:streamGenerateContent?alt=sse</c> whose
/// events each carry a GenerateContentResponse). Gemini has no end marker, so <c>[DONE]</c> is written when the
/// stream ends after a finishReason. Function calls arrive whole and become one tool_calls delta each; Gemini
/// gives no call ids, so ids are derived from the response id.
/// </summary>
internal sealed class OpenAIToGeminiTranslator : TranslatorBase
{
    private readonly OpenAIChunkWriter _chunks;
    private readonly List<GeminiPart> _parts = [];
    private byte[] _servedModel = [];
    private bool _clientAskedForUsage;
    private bool _started;
    private int _toolCount;
    private bool _finished;
    private string _callIdStem = "";

    public OpenAIToGeminiTranslator(TimeProvider timeProvider) : base(timeProvider) => _chunks = new OpenAIChunkWriter(Json);

    protected override ApiFormat ClientFormat => ApiFormat.OpenAIChat;

    public override TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        var result = OpenAIToGeminiRequest.Translate(clientBody);
        _servedModel = JsonOutput.QuotedString(target.ServedModelSlug);
        _clientAskedForUsage = result.ClientAskedForUsage;
        var model = target.UpstreamModelId.StartsWith("models/", StringComparison.Ordinal) ? target.UpstreamModelId : "models/" + target.UpstreamModelId;
        var path = $"{target.BasePath}/{model}{(result.Stream ? ProviderProtocol.GeminiStreamSuffix : ProviderProtocol.GeminiGenerateSuffix)}";
        return new TranslatedRequest(result.Body, path, result.Stream, []);
    }

    protected override void OnBeginResponse()
    {
        var created = TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        _callIdStem = created.ToString(CultureInfo.InvariantCulture);
        _chunks.Start(JsonOutput.QuotedString("chatcmpl-" + _callIdStem), _servedModel, created);
    }

    protected override bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var usage = Usage;
        var chunk = GeminiResponseChunk.Parse(data, _parts, ref usage);
        Usage = usage;
        if (chunk.HasError)
        {
            WriteStreamError(output, AsOpenAIError(UpstreamError.Parse(data, 502), 502));
            return false;
        }

        if (!_started)
        {
            _started = true;
            if (chunk.ResponseId.Length > 2) UseResponseId(chunk.ResponseId.Of(data));
            var start = _chunks.BeginDelta(output);
            start.WriteString("role"u8, "assistant"u8);
            start.WriteString("content"u8, ""u8);
            _chunks.EndDelta(start, output);
        }

        foreach (var part in _parts)
        {
            if (part.IsFunctionCall)
            {
                var writer = _chunks.BeginDelta(output);
                writer.WriteStartArray("tool_calls"u8);
                WriteToolCall(writer, part, data, _toolCount++, withIndex: true);
                writer.WriteEndArray();
                _chunks.EndDelta(writer, output);
            }
            else if (part.Text.Length > 2)
            {
                _chunks.WriteSingleMemberDelta(output, part.IsThought ? "\"reasoning_content\""u8 : "\"content\""u8, part.Text.Of(data));
            }
        }

        // Only the first finish counts: later events may repeat it alongside final usage.
        if (!_finished && (chunk.FinishReason.IsPresent || chunk.BlockReason.IsPresent))
        {
            _finished = true;
            var finish = _chunks.BeginDelta(output);
            _chunks.EndDelta(finish, output, FinishReasonOf(chunk, data));
        }
        return true;
    }

    protected override void OnStreamEnd(IBufferWriter<byte> output)
    {
        if (!_finished)
        {
            WriteStreamError(output, "upstream stream ended before the answer was complete", "upstream_error", "truncated_stream");
            return;
        }
        if (_clientAskedForUsage) _chunks.WriteUsageChunk(output, Usage, CostOf(Usage));
        SseWriting.WriteDone(output);
    }

    protected override void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var usage = Usage;
        var chunk = GeminiResponseChunk.Parse(body, _parts, ref usage);
        Usage = usage;
        if (chunk.ResponseId.Length > 2) UseResponseId(chunk.ResponseId.Of(body));

        using var text = new PooledByteBuffer();
        using var thoughts = new PooledByteBuffer();
        var calls = 0;
        foreach (var part in _parts)
        {
            if (part.IsFunctionCall) calls++;
            else if (part.Text.IsPresent) AppendUnescaped(part.Text.Of(body), part.IsThought ? thoughts : text);
        }

        var writer = Json.Start(output);
        writer.WriteStartObject();
        writer.WriteString("id"u8, "chatcmpl-" + _callIdStem);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, TimeProvider.GetUtcNow().ToUnixTimeSeconds());
        writer.WritePropertyName("model"u8);
        writer.WriteRawValue(_servedModel, skipInputValidation: true);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (text.Length > 0 || calls == 0) writer.WriteString("content"u8, text.WrittenSpan);
        else writer.WriteNull("content"u8);
        if (thoughts.Length > 0) writer.WriteString("reasoning_content"u8, thoughts.WrittenSpan);
        if (calls > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            var n = 0;
            foreach (var part in _parts)
                if (part.IsFunctionCall) WriteToolCall(writer, part, body, n++, withIndex: false);
            writer.WriteEndArray();
            _toolCount = n;
        }
        writer.WriteNull("refusal"u8);
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, FinishReasonOf(chunk, body));
        writer.WriteEndObject();
        writer.WriteEndArray();
        OpenAIUsage.Write(writer, Usage, CostOf(Usage));
        writer.WriteEndObject();
        writer.Flush();
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output) =>
        WriteErrorBody(output, AsOpenAIError(UpstreamError.Parse(body, StatusCode), StatusCode));

    /// <summary>Gemini's error status names (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, ...) become the code; the type is OpenAI's.</summary>
    private static UpstreamError AsOpenAIError(UpstreamError error, int status) =>
        error with { Type = ErrorTypes.OpenAIFor(status), Code = error.Code ?? error.Type };

    private ReadOnlySpan<byte> FinishReasonOf(GeminiResponseChunk chunk, ReadOnlySpan<byte> data)
    {
        if (!chunk.FinishReason.IsPresent) return chunk.BlockReason.IsPresent ? "content_filter"u8 : "stop"u8;
        return FinishReasons.FromGemini(chunk.FinishReason.Of(data)[1..^1], _toolCount > 0);
    }

    private void WriteToolCall(Utf8JsonWriter writer, GeminiPart part, ReadOnlySpan<byte> data, int index, bool withIndex)
    {
        writer.WriteStartObject();
        if (withIndex) writer.WriteNumber("index"u8, index);
        if (part.FunctionId.Length > 2)
        {
            writer.WritePropertyName("id"u8);
            writer.WriteRawValue(part.FunctionId.Of(data), skipInputValidation: true);
        }
        else
        {
            writer.WriteString("id"u8, $"call_{_callIdStem}_{index}");
        }
        writer.WriteString("type"u8, "function"u8);
        writer.WriteStartObject("function"u8);
        writer.WritePropertyName("name"u8);
        writer.WriteRawValue(part.FunctionName.Of(data), skipInputValidation: true);
        // OpenAI carries arguments as a JSON text inside a string; Gemini's args is the object itself.
        writer.WriteString("arguments"u8, part.FunctionArgs.IsPresent ? part.FunctionArgs.Of(data) : "{}"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void UseResponseId(ReadOnlySpan<byte> quotedResponseId)
    {
        var reader = new Utf8JsonReader(quotedResponseId);
        reader.Read();
        _callIdStem = reader.GetString()!;
        _chunks.SetId(JsonOutput.QuotedString("chatcmpl-" + _callIdStem));
    }

    private static void AppendUnescaped(ReadOnlySpan<byte> quoted, PooledByteBuffer destination)
    {
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        JsonReading.CopyUnescaped(ref reader, destination);
    }
}
