using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Gemini;

/// <summary>
/// The first candidate of one <c>GenerateContentResponse</c> (API reference, "Generating content" → response body;
/// streamed with <c>alt=sse</c>, one response per event), parsed in place.
/// </summary>
internal ref struct GeminiResponseChunk
{
    public JsonRange ResponseId;
    public JsonRange FinishReason;
    public JsonRange BlockReason;
    public bool HasError;

    /// <param name="parts">Cleared and filled with the candidate's parts; reused across chunks.</param>
    public static GeminiResponseChunk Parse(ReadOnlySpan<byte> json, List<GeminiPart> parts, ref TokenUsage usage)
    {
        parts.Clear();
        var chunk = new GeminiResponseChunk { ResponseId = JsonRange.None, FinishReason = JsonRange.None, BlockReason = JsonRange.None };
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                reader.Read();
                ParseCandidates(ref reader, ref chunk, parts);
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                reader.Read();
                usage = ReadUsage(ref reader, usage);
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                chunk.ResponseId = StringRange(ref reader);
            }
            else if (reader.ValueTextEquals("promptFeedback"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isBlock = reader.ValueTextEquals("blockReason"u8);
                    reader.Read();
                    if (isBlock) chunk.BlockReason = StringRange(ref reader);
                    else reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                chunk.HasError = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read()) throw new JsonException("trailing data after the JSON object");
        return chunk;
    }

    /// <summary>
    /// usageMetadata: promptTokenCount includes cached content; candidatesTokenCount excludes thinking, which OpenAI
    /// counts as completion tokens, so thoughtsTokenCount is added to the output.
    /// </summary>
    private static TokenUsage ReadUsage(ref Utf8JsonReader reader, TokenUsage usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return usage;
        }
        long? prompt = null, candidates = null, thoughts = null, cached = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("promptTokenCount"u8)) { reader.Read(); prompt = JsonReading.ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8)) { reader.Read(); candidates = JsonReading.ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8)) { reader.Read(); thoughts = JsonReading.ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8)) { reader.Read(); cached = JsonReading.ReadInt64(ref reader); }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new TokenUsage(
            prompt ?? usage.InputTokens,
            candidates is null && thoughts is null ? usage.OutputTokens : (candidates ?? 0) + (thoughts ?? 0),
            cached ?? usage.CachedInputTokens);
    }

    private static void ParseCandidates(ref Utf8JsonReader reader, ref GeminiResponseChunk chunk, List<GeminiPart> parts)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    ParseContent(ref reader, parts);
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    reader.Read();
                    chunk.FinishReason = StringRange(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ParseContent(ref Utf8JsonReader reader, List<GeminiPart> parts)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("parts"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                JsonRange text = JsonRange.None, name = JsonRange.None, args = JsonRange.None, id = JsonRange.None;
                var thought = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        text = StringRange(ref reader);
                    }
                    else if (reader.ValueTextEquals("thought"u8))
                    {
                        reader.Read();
                        thought = reader.TokenType == JsonTokenType.True;
                    }
                    else if (reader.ValueTextEquals("functionCall"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("name"u8)) { reader.Read(); name = StringRange(ref reader); }
                            else if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = StringRange(ref reader); }
                            else if (reader.ValueTextEquals("args"u8))
                            {
                                reader.Read();
                                if (reader.TokenType == JsonTokenType.StartObject) args = JsonReading.TakeRawValue(ref reader);
                                else reader.Skip();
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                if (text.IsPresent || name.IsPresent) parts.Add(new GeminiPart(text, thought, name, args, id));
            }
        }
    }

    private static JsonRange StringRange(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return JsonReading.TakeRawValue(ref reader);
        reader.Skip();
        return JsonRange.None;
    }
}
