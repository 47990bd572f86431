using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// What a pass-through needs from one OpenAI chat.completion(.chunk) object: where <c>model</c> is (to splice
/// in the served slug), the usage, whether a choice finished, and whether it is the usage-only final chunk.
/// Message content is skipped token by token, never copied or decoded.
/// </summary>
internal ref struct OpenAIChunkScan
{
    public JsonRange Model;
    public bool HasUsage;
    /// <summary>The usage object, braces included, so a cost can be added before its closing brace.</summary>
    public JsonRange UsageObject;
    public bool HasError;
    public bool HasFinishReason;
    public bool ChoicesEmpty;

    public static OpenAIChunkScan Scan(ReadOnlySpan<byte> json, ref TokenUsage usage)
    {
        // A chunk without choices (or with null) counts as empty: vLLM sends its usage-only chunk that way.
        var scan = new OpenAIChunkScan { Model = JsonRange.None, UsageObject = JsonRange.None, ChoicesEmpty = true };
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) scan.Model = JsonReading.TakeRawValue(ref reader);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                scan.HasUsage = reader.TokenType == JsonTokenType.StartObject;
                var usageStart = (int)reader.TokenStartIndex;
                usage = OpenAIUsage.Read(ref reader, usage);
                if (scan.HasUsage) scan.UsageObject = JsonReading.RangeSince(usageStart, ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ScanChoices(ref reader, ref scan);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                scan.HasError = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read()) throw new JsonException("trailing data after the JSON object");
        return scan;
    }

    private static void ScanChoices(ref Utf8JsonReader reader, ref OpenAIChunkScan scan)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            scan.ChoicesEmpty = false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFinish = reader.ValueTextEquals("finish_reason"u8);
                reader.Read();
                if (isFinish && reader.TokenType == JsonTokenType.String) scan.HasFinishReason = true;
                reader.Skip();
            }
        }
    }
}
