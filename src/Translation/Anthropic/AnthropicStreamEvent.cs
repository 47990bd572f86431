using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// One Anthropic stream event parsed in place: everything the translators need, as ranges into the event's
/// data (strings keep their quotes, so text can be copied into the output without decoding).
/// </summary>
internal ref struct AnthropicStreamEvent
{
    public AnthropicEventType Type;
    public int Index;
    public JsonRange MessageId;
    public JsonRange MessageModel;
    public AnthropicUsageCounts Usage;
    /// <summary>The event's top-level usage object (message_delta's), braces included, so a cost can be added to it.</summary>
    public JsonRange UsageObject;
    public JsonRange BlockType;
    public JsonRange BlockId;
    public JsonRange BlockName;
    public JsonRange BlockText;
    public JsonRange DeltaType;
    /// <summary>text, partial_json or thinking of a content_block_delta, whichever the delta type carries.</summary>
    public JsonRange DeltaPayload;
    public JsonRange StopReason;
    public string? ErrorType;
    public string? ErrorMessage;

    public static AnthropicStreamEvent Parse(ReadOnlySpan<byte> data, ReadOnlySpan<byte> eventName)
    {
        var parsed = new AnthropicStreamEvent
        {
            Index = -1,
            MessageId = JsonRange.None, MessageModel = JsonRange.None, BlockType = JsonRange.None, BlockId = JsonRange.None,
            BlockName = JsonRange.None, BlockText = JsonRange.None, DeltaType = JsonRange.None, DeltaPayload = JsonRange.None,
            StopReason = JsonRange.None, UsageObject = JsonRange.None,
        };
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                parsed.Type = TypeOf(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                parsed.Index = (int)(JsonReading.ReadInt64(ref reader) ?? -1);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                ParseMessage(ref reader, ref parsed);
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                reader.Read();
                ParseBlock(ref reader, ref parsed);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                ParseDelta(ref reader, ref parsed);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                var usageStart = reader.TokenType == JsonTokenType.StartObject ? (int)reader.TokenStartIndex : -1;
                parsed.Usage = AnthropicUsageCounts.Read(ref reader, parsed.Usage);
                if (usageStart >= 0) parsed.UsageObject = JsonReading.RangeSince(usageStart, ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                ParseError(ref reader, ref parsed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read()) throw new JsonException("trailing data after the JSON object");
        if (!eventName.IsEmpty)
        {
            var named = TypeOf(eventName);
            if (parsed.Type == AnthropicEventType.Unknown) parsed.Type = named;
            // Anthropic names each event after its data's type; a mismatch means a corrupted stream.
            else if (named != parsed.Type) throw new JsonException("the event name and the data's type disagree");
        }
        return parsed;
    }

    private static AnthropicEventType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return AnthropicEventType.Unknown;
        }
        return reader.ValueIsEscaped ? AnthropicEventType.Unknown : TypeOf(reader.ValueSpan);
    }

    private static AnthropicEventType TypeOf(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("content_block_delta"u8) => AnthropicEventType.ContentBlockDelta,
        _ when name.SequenceEqual("content_block_start"u8) => AnthropicEventType.ContentBlockStart,
        _ when name.SequenceEqual("content_block_stop"u8) => AnthropicEventType.ContentBlockStop,
        _ when name.SequenceEqual("message_start"u8) => AnthropicEventType.MessageStart,
        _ when name.SequenceEqual("message_delta"u8) => AnthropicEventType.MessageDelta,
        _ when name.SequenceEqual("message_stop"u8) => AnthropicEventType.MessageStop,
        _ when name.SequenceEqual("ping"u8) => AnthropicEventType.Ping,
        _ when name.SequenceEqual("error"u8) => AnthropicEventType.Error,
        _ => AnthropicEventType.Unknown,
    };

    private static void ParseMessage(ref Utf8JsonReader reader, ref AnthropicStreamEvent parsed)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                parsed.MessageId = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                parsed.MessageModel = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                parsed.Usage = AnthropicUsageCounts.Read(ref reader, parsed.Usage);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ParseBlock(ref Utf8JsonReader reader, ref AnthropicStreamEvent parsed)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                parsed.BlockType = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                parsed.BlockId = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                parsed.BlockName = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                parsed.BlockText = StringRange(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ParseDelta(ref Utf8JsonReader reader, ref AnthropicStreamEvent parsed)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                parsed.DeltaType = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8) || reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                parsed.DeltaPayload = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                reader.Read();
                parsed.StopReason = StringRange(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ParseError(ref Utf8JsonReader reader, ref AnthropicStreamEvent parsed)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            parsed.ErrorMessage = JsonReading.ReadScalarText(ref reader);
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isType) parsed.ErrorType = JsonReading.ReadScalarText(ref reader);
            else if (isMessage) parsed.ErrorMessage = JsonReading.ReadScalarText(ref reader);
            else reader.Skip();
        }
    }

    private static JsonRange StringRange(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return JsonReading.TakeRawValue(ref reader);
        reader.Skip();
        return JsonRange.None;
    }
}
