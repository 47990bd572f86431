using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// The first choice of one <c>chat.completion.chunk</c>, parsed in place for translation into another API's
/// events; strings are ranges with quotes so they can be copied raw.
/// </summary>
internal ref struct OpenAIStreamChunk
{
    public JsonRange Id;
    public JsonRange Content;
    public JsonRange FinishReason;
    public bool HasUsage;
    public bool HasError;

    /// <param name="toolCalls">Cleared and filled with the delta's tool-call fragments; reused across chunks.</param>
    public static OpenAIStreamChunk Parse(ReadOnlySpan<byte> json, List<ToolCallDelta> toolCalls, ref TokenUsage usage)
    {
        toolCalls.Clear();
        var chunk = new OpenAIStreamChunk { Id = JsonRange.None, Content = JsonRange.None, FinishReason = JsonRange.None };
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                chunk.Id = reader.TokenType == JsonTokenType.String ? JsonReading.TakeRawValue(ref reader) : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ParseChoices(ref reader, ref chunk, toolCalls);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                chunk.HasUsage = reader.TokenType == JsonTokenType.StartObject;
                usage = OpenAIUsage.Read(ref reader, usage);
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

    private static JsonRange Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return JsonRange.None;
    }

    private static void ParseChoices(ref Utf8JsonReader reader, ref OpenAIStreamChunk chunk, List<ToolCallDelta> toolCalls)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // The router's clients of other APIs never ask for n > 1: only the first choice exists.
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ParseDelta(ref reader, ref chunk, toolCalls);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    chunk.FinishReason = reader.TokenType == JsonTokenType.String ? JsonReading.TakeRawValue(ref reader) : Skip(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ParseDelta(ref Utf8JsonReader reader, ref OpenAIStreamChunk chunk, List<ToolCallDelta> toolCalls)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                chunk.Content = reader.TokenType == JsonTokenType.String ? JsonReading.TakeRawValue(ref reader) : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ParseToolCalls(ref reader, toolCalls);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ParseToolCalls(ref Utf8JsonReader reader, List<ToolCallDelta> toolCalls)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            int index = toolCalls.Count;
            JsonRange id = JsonRange.None, name = JsonRange.None, arguments = JsonRange.None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = (int)(JsonReading.ReadInt64(ref reader) ?? index);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? JsonReading.TakeRawValue(ref reader) : Skip(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isName = reader.ValueTextEquals("name"u8);
                        var isArguments = reader.ValueTextEquals("arguments"u8);
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String) reader.Skip();
                        else if (isName) name = JsonReading.TakeRawValue(ref reader);
                        else if (isArguments) arguments = JsonReading.TakeRawValue(ref reader);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            toolCalls.Add(new ToolCallDelta(index, id, name, arguments));
        }
    }
}
