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
            JsonSplice.Write(output, data, e.MessageModel, _servedModel, -1, [], asEventPayload: true);
        // message_start's usage is preliminary; message_delta repeats the final totals, so the cost goes there.
        else if (e.Type == AnthropicEventType.MessageDelta)
            WriteWithCost(output, data, JsonRange.None, e.UsageObject, asEventPayload: true);
        else
            SseWriting.WritePayload(output, data);
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
        var usageObject = JsonRange.None;
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
                var usageStart = reader.TokenType == System.Text.Json.JsonTokenType.StartObject ? (int)reader.TokenStartIndex : -1;
                _counts = _counts.Merge(AnthropicUsageCounts.Read(ref reader, default));
                Usage = _counts.ToTokenUsage();
                if (usageStart >= 0) usageObject = JsonReading.RangeSince(usageStart, ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        WriteWithCost(output, body, model, usageObject, asEventPayload: false);
    }

    /// <summary>Copies the event or body with the served model spliced in (when given) and, when priced, the cost added to its usage.</summary>
    private void WriteWithCost(IBufferWriter<byte> output, ReadOnlySpan<byte> json, JsonRange model, JsonRange usageObject, bool asEventPayload)
    {
        Span<byte> costMember = stackalloc byte[CostMember.MaxLength];
        var costLength = 0;
        var insertAt = -1;
        if (usageObject.IsPresent && CostOf(Usage) is { } cost)
        {
            costLength = CostMember.Format(cost, CostMember.HasMembers(usageObject.Of(json)), costMember);
            insertAt = usageObject.Start + usageObject.Length - 1;
        }
        JsonSplice.Write(output, json, model, _servedModel, insertAt, costMember[..costLength], asEventPayload);
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (ErrorShape.IsAnthropicError(body)) output.Write(body);
        else base.TranslateErrorBody(body, output);
    }
}
