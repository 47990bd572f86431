using System.Buffers;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.Sse;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// Anthropic client → Anthropic upstream: every byte is kept except the model (in the request, in the JSON
/// response, and in message_start's message.model). The client's own anthropic-version and beta headers
/// travel with the request, so none are added here.
/// </summary>
internal sealed class AnthropicPassthroughTranslator(TimeProvider timeProvider) : TranslatorBase(timeProvider)
{
    private byte[] _servedModel = [];
    private AnthropicUsageCounts _counts;
    private bool _sawMessageStop;

    protected override ApiFormat ClientFormat => ApiFormat.AnthropicMessages;

    public override TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        var fields = RequestFields.Scan(clientBody);
        var upstreamModel = JsonOutput.QuotedString(target.UpstreamModelId);
        var body = new byte[clientBody.Length - fields.Model.Length + upstreamModel.Length];
        clientBody[..fields.Model.Start].CopyTo(body);
        upstreamModel.CopyTo(body.AsSpan(fields.Model.Start));
        clientBody[(fields.Model.Start + fields.Model.Length)..].CopyTo(body.AsSpan(fields.Model.Start + upstreamModel.Length));
        _servedModel = JsonOutput.QuotedString(target.ServedModelSlug);
        return new TranslatedRequest(body, target.BasePath + ProviderProtocol.AnthropicMessagesPath, fields.Stream, []);
    }

    protected override bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var e = AnthropicStreamEvent.Parse(data, eventType);
        if (!e.Usage.IsEmpty)
        {
            _counts = _counts.Merge(e.Usage);
            Usage = _counts.ToTokenUsage();
        }

        if (eventType.IsEmpty) SseWriting.BeginData(output);
        else SseWriting.BeginEvent(output, eventType);
        if (e.Type == AnthropicEventType.MessageStart && e.MessageModel.IsPresent)
        {
            SseWriting.WritePayload(output, data[..e.MessageModel.Start]);
            output.Write(_servedModel);
            SseWriting.WritePayload(output, data[(e.MessageModel.Start + e.MessageModel.Length)..]);
        }
        else
        {
            SseWriting.WritePayload(output, data);
        }
        SseWriting.End(output);

        if (e.Type == AnthropicEventType.MessageStop) _sawMessageStop = true;
        return e.Type is not (AnthropicEventType.MessageStop or AnthropicEventType.Error);
    }

    protected override void OnStreamEnd(IBufferWriter<byte> output)
    {
        if (!_sawMessageStop)
            WriteStreamError(output, "upstream stream ended before the answer was complete", "api_error", null);
    }

    protected override void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var model = JsonRange.None;
        var reader = new System.Text.Json.Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            throw new System.Text.Json.JsonException("expected a JSON object");
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == System.Text.Json.JsonTokenType.String) model = JsonReading.TakeRawValue(ref reader);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                _counts = _counts.Merge(AnthropicUsageCounts.Read(ref reader, default));
                Usage = _counts.ToTokenUsage();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!model.IsPresent)
        {
            output.Write(body);
            return;
        }
        output.Write(body[..model.Start]);
        output.Write(_servedModel);
        output.Write(body[(model.Start + model.Length)..]);
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (ErrorShape.IsAnthropicError(body)) output.Write(body);
        else base.TranslateErrorBody(body, output);
    }
}
