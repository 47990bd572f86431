using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Translation.Errors;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.OpenAI;
using ExtProcRouter.Translation.Sse;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// OpenAI Chat client → Anthropic Messages upstream. Streams map Anthropic's events ("Streaming Messages":
/// message_start, content_block_start/delta/stop, message_delta, message_stop, ping, error) onto
/// <c>chat.completion.chunk</c> events ending with <c>[DONE]</c>; text and tool-argument fragments are copied
/// as raw JSON strings, never decoded.
/// </summary>
internal sealed class OpenAIToAnthropicTranslator : TranslatorBase
{
    private static readonly KeyValuePair<string, string>[] RequestHeaders =
        [new(ProviderProtocol.AnthropicVersionHeader, ProviderProtocol.AnthropicVersion)];

    private readonly OpenAIChunkWriter _chunks;
    private byte[] _servedModel = [];
    private bool _clientAskedForUsage;
    private AnthropicUsageCounts _counts;
    // Anthropic numbers content blocks; OpenAI numbers tool calls. Block index → tool call index.
    private int[] _toolIndexByBlock = [];
    private int _toolCount;
    private bool _sawMessageStop;

    public OpenAIToAnthropicTranslator(TimeProvider timeProvider) : base(timeProvider) => _chunks = new OpenAIChunkWriter(Json);

    protected override ApiFormat ClientFormat => ApiFormat.OpenAIChat;

    public override TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        var result = OpenAIToAnthropicRequest.Translate(clientBody, target.UpstreamModelId);
        _servedModel = JsonOutput.QuotedString(target.ServedModelSlug);
        _clientAskedForUsage = result.ClientAskedForUsage;
        return new TranslatedRequest(result.Body, target.BasePath + ProviderProtocol.AnthropicMessagesPath, result.Stream, RequestHeaders);
    }

    protected override void OnBeginResponse() =>
        _chunks.Start(JsonOutput.QuotedString("chatcmpl-router"), _servedModel, TimeProvider.GetUtcNow().ToUnixTimeSeconds());

    protected override bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var e = AnthropicStreamEvent.Parse(data, eventType);
        switch (e.Type)
        {
            case AnthropicEventType.MessageStart:
                UpdateUsage(e.Usage);
                if (e.MessageId.IsPresent) _chunks.SetId(e.MessageId.Of(data));
                var start = _chunks.BeginDelta(output);
                start.WriteString("role"u8, "assistant"u8);
                start.WriteString("content"u8, ""u8);
                _chunks.EndDelta(start, output);
                return true;

            case AnthropicEventType.ContentBlockStart:
                var blockType = e.BlockType.Of(data);
                if (blockType.SequenceEqual("\"tool_use\""u8))
                {
                    var toolIndex = AssignToolIndex(e.Index);
                    var call = _chunks.BeginDelta(output);
                    call.WriteStartArray("tool_calls"u8);
                    call.WriteStartObject();
                    call.WriteNumber("index"u8, toolIndex);
                    WriteRaw(call, "id"u8, e.BlockId.Of(data));
                    call.WriteString("type"u8, "function"u8);
                    call.WriteStartObject("function"u8);
                    WriteRaw(call, "name"u8, e.BlockName.Of(data));
                    call.WriteString("arguments"u8, ""u8);
                    call.WriteEndObject();
                    call.WriteEndObject();
                    call.WriteEndArray();
                    _chunks.EndDelta(call, output);
                }
                else if (e.BlockText.Length > 2)
                {
                    // A block may start with text already (Anthropic sends "" today, but the field is text).
                    WriteTextDelta(output, blockType.SequenceEqual("\"thinking\""u8) ? "\"reasoning_content\""u8 : "\"content\""u8, e.BlockText.Of(data));
                }
                return true;

            case AnthropicEventType.ContentBlockDelta:
                var deltaType = e.DeltaType.Of(data);
                var payload = e.DeltaPayload.Of(data);
                if (payload.Length <= 2) return true; // absent or ""
                if (deltaType.SequenceEqual("\"text_delta\""u8))
                {
                    WriteTextDelta(output, "\"content\""u8, payload);
                }
                else if (deltaType.SequenceEqual("\"input_json_delta\""u8))
                {
                    // Resolve (and possibly reject) before anything of the chunk is written.
                    var toolIndex = ToolIndexOf(e.Index);
                    var arguments = _chunks.BeginDelta(output);
                    arguments.WriteStartArray("tool_calls"u8);
                    arguments.WriteStartObject();
                    arguments.WriteNumber("index"u8, toolIndex);
                    arguments.WriteStartObject("function"u8);
                    WriteRaw(arguments, "arguments"u8, payload);
                    arguments.WriteEndObject();
                    arguments.WriteEndObject();
                    arguments.WriteEndArray();
                    _chunks.EndDelta(arguments, output);
                }
                else if (deltaType.SequenceEqual("\"thinking_delta\""u8))
                {
                    WriteTextDelta(output, "\"reasoning_content\""u8, payload);
                }
                // signature_delta and citations_delta have no OpenAI counterpart in a chunk.
                return true;

            case AnthropicEventType.MessageDelta:
                UpdateUsage(e.Usage);
                if (e.StopReason.Length > 2)
                {
                    var finish = _chunks.BeginDelta(output);
                    _chunks.EndDelta(finish, output, FinishReasons.FromAnthropic(e.StopReason.Of(data)[1..^1]));
                }
                return true;

            case AnthropicEventType.MessageStop:
                _sawMessageStop = true;
                if (_clientAskedForUsage) _chunks.WriteUsageChunk(output, Usage, CostOf(Usage));
                SseWriting.WriteDone(output);
                return false;

            case AnthropicEventType.Error:
                WriteStreamError(output, new UpstreamError(e.ErrorMessage ?? "upstream error", e.ErrorType, e.ErrorType, null));
                return false;

            default:
                return true; // ping, content_block_stop, and event types added later ("Other events": ignore unknown ones)
        }
    }

    protected override void OnStreamEnd(IBufferWriter<byte> output)
    {
        if (!_sawMessageStop)
            WriteStreamError(output, "upstream stream ended before the answer was complete", "upstream_error", "truncated_stream");
    }

    protected override void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var writer = Json.Start(output);
        Usage = AnthropicMessageToChatCompletion.Write(body, writer, _servedModel, TimeProvider.GetUtcNow().ToUnixTimeSeconds(), CostOf);
    }

    private void WriteTextDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> quotedProperty, ReadOnlySpan<byte> quotedText) =>
        _chunks.WriteSingleMemberDelta(output, quotedProperty, quotedText);

    private static void WriteRaw(Utf8JsonWriter writer, ReadOnlySpan<byte> property, ReadOnlySpan<byte> rawValue)
    {
        writer.WritePropertyName(property);
        if (rawValue.IsEmpty) writer.WriteNullValue();
        else writer.WriteRawValue(rawValue, skipInputValidation: true);
    }

    private void UpdateUsage(AnthropicUsageCounts counts)
    {
        if (counts.IsEmpty) return;
        _counts = _counts.Merge(counts);
        Usage = _counts.ToTokenUsage();
    }

    private int AssignToolIndex(int blockIndex)
    {
        if (blockIndex < 0) throw new JsonException("content_block_start without an index");
        if (blockIndex >= _toolIndexByBlock.Length)
        {
            var grown = new int[Math.Max(8, blockIndex * 2 + 1)];
            grown.AsSpan().Fill(-1);
            _toolIndexByBlock.CopyTo(grown, 0);
            _toolIndexByBlock = grown;
        }
        return _toolIndexByBlock[blockIndex] = _toolCount++;
    }

    private int ToolIndexOf(int blockIndex) =>
        blockIndex >= 0 && blockIndex < _toolIndexByBlock.Length && _toolIndexByBlock[blockIndex] >= 0
            ? _toolIndexByBlock[blockIndex]
            : throw new JsonException("input_json_delta for a block that is not a tool_use block");
}
