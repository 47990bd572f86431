using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Translation.Errors;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.OpenAI;
using ExtProcRouter.Translation.Sse;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// Anthropic Messages client (e.g. Claude Code) → OpenAI-compatible upstream. Streamed chunks become
/// Anthropic events: message_start on the first chunk, a text block per run of content, a tool_use block per
/// tool call (argument fragments as input_json_delta), and at <c>[DONE]</c> message_delta with the stop
/// reason and usage (which OpenAI only reports at the end), then message_stop.
/// </summary>
internal sealed class AnthropicToOpenAITranslator : TranslatorBase
{
    private readonly AnthropicEventWriter _events;
    private readonly List<ToolCallDelta> _toolCalls = [];
    private byte[] _servedModel = [];
    private bool _started;
    private int _openBlock = -1;
    private bool _openBlockIsText;
    private int _nextBlock;
    private int _openToolIndex = -1;
    // OpenAI tool call index → Anthropic content block index.
    private int[] _blockByTool = [];
    private string? _finishReason;
    private bool _finished;

    public AnthropicToOpenAITranslator(TimeProvider timeProvider) : base(timeProvider) => _events = new AnthropicEventWriter(Json);

    protected override ApiFormat ClientFormat => ApiFormat.AnthropicMessages;

    public override TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        var result = AnthropicToOpenAIRequest.Translate(clientBody, target.UpstreamModelId);
        _servedModel = JsonOutput.QuotedString(target.ServedModelSlug);
        return new TranslatedRequest(result.Body, target.BasePath + ProviderProtocol.OpenAIChatPath, result.Stream, []);
    }

    protected override bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (SseWriting.IsDone(data))
        {
            Finish(output);
            return false;
        }

        var usage = Usage;
        var chunk = OpenAIStreamChunk.Parse(data, _toolCalls, ref usage);
        Usage = usage;
        if (chunk.HasError)
        {
            // Keep the upstream's message; the type must be one Anthropic's SDKs know.
            WriteStreamError(output, UpstreamError.Parse(data, 502) with { Type = ErrorTypes.AnthropicFor(500) });
            return false;
        }

        if (!_started)
        {
            _started = true;
            _events.MessageStart(output, chunk.Id.IsPresent ? chunk.Id.Of(data) : "\"msg_router\""u8, _servedModel);
        }

        if (chunk.Content.Length > 2)
        {
            if (!_openBlockIsText)
            {
                CloseBlock(output);
                _openBlock = _nextBlock++;
                _openBlockIsText = true;
                _events.TextBlockStart(output, _openBlock);
            }
            AnthropicEventWriter.BlockDelta(output, _openBlock, AnthropicEventWriter.TextDelta, chunk.Content.Of(data));
        }

        foreach (var call in _toolCalls)
        {
            if (call.Id.IsPresent && call.Index != _openToolIndex)
            {
                CloseBlock(output);
                _openBlock = _nextBlock++;
                _openToolIndex = call.Index;
                RememberBlockOfTool(call.Index, _openBlock);
                _events.ToolUseBlockStart(output, _openBlock, call.Id.Of(data), call.Name.IsPresent ? call.Name.Of(data) : "\"\""u8);
            }
            // Fragments normally continue the open call; one for an earlier call still goes to that call's block.
            if (call.Arguments.Length > 2 && BlockOfTool(call.Index) is var block and >= 0)
                AnthropicEventWriter.BlockDelta(output, block, AnthropicEventWriter.InputJsonDelta, call.Arguments.Of(data));
        }

        if (chunk.FinishReason.IsPresent)
            _finishReason = System.Text.Encoding.UTF8.GetString(chunk.FinishReason.Of(data)[1..^1]);
        return true;
    }

    protected override void OnStreamEnd(IBufferWriter<byte> output)
    {
        if (_finished) return;
        // Some compatible servers end a finished stream without [DONE]; only an unfinished one is truncated.
        if (_finishReason is not null) Finish(output);
        else WriteStreamError(output, "upstream stream ended before the answer was complete", "api_error", null);
    }

    protected override void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var writer = Json.Start(output);
        Usage = ChatCompletionToAnthropicMessage.Write(body, writer, _servedModel, CostOf);
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var error = UpstreamError.Parse(body, StatusCode);
        // OpenAI's error types are not Anthropic's; the client's SDK keys off Anthropic's names, derived from the status.
        WriteErrorBody(output, error with { Type = ErrorTypes.AnthropicFor(StatusCode) });
    }

    private void Finish(IBufferWriter<byte> output)
    {
        _finished = true;
        if (!_started)
        {
            _started = true;
            _events.MessageStart(output, "\"msg_router\""u8, _servedModel);
        }
        CloseBlock(output);
        // message_start carried zeros; this is where the final totals, and so the cost, are written.
        _events.MessageDelta(output, FinishReasons.ToAnthropic(_finishReason), Usage, CostOf(Usage));
        _events.MessageStop(output);
    }

    private void RememberBlockOfTool(int toolIndex, int block)
    {
        if (toolIndex < 0) throw new JsonException("tool call with a negative index");
        if (toolIndex >= _blockByTool.Length)
        {
            var grown = new int[Math.Max(8, toolIndex * 2 + 1)];
            grown.AsSpan().Fill(-1);
            _blockByTool.CopyTo(grown, 0);
            _blockByTool = grown;
        }
        _blockByTool[toolIndex] = block;
    }

    private int BlockOfTool(int toolIndex) =>
        toolIndex >= 0 && toolIndex < _blockByTool.Length ? _blockByTool[toolIndex] : -1;

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_openBlock < 0) return;
        _events.BlockStop(output, _openBlock);
        _openBlock = -1;
        _openBlockIsText = false;
        _openToolIndex = -1;
    }
}
