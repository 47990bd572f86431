using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// OpenAI's <c>usage</c> object (API reference, "The chat completion object" → usage): prompt_tokens includes
/// cached tokens, which are reported in prompt_tokens_details.cached_tokens.
/// </summary>
internal static class OpenAIUsage
{
    /// <summary>Reads a usage value (object or null) into <paramref name="usage"/>, keeping what it does not mention.</summary>
    public static TokenUsage Read(ref Utf8JsonReader reader, TokenUsage usage)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return usage;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                usage = usage with { InputTokens = JsonReading.ReadInt64(ref reader) ?? usage.InputTokens };
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                usage = usage with { OutputTokens = JsonReading.ReadInt64(ref reader) ?? usage.OutputTokens };
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isCached = reader.ValueTextEquals("cached_tokens"u8);
                    reader.Read();
                    if (isCached) usage = usage with { CachedInputTokens = JsonReading.ReadInt64(ref reader) ?? usage.CachedInputTokens };
                    else reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return usage;
    }

    /// <summary>Writes <c>"usage":{...}</c> in OpenAI's shape, with <c>cost_usd</c> last when the cost is known.</summary>
    public static void Write(Utf8JsonWriter writer, TokenUsage usage, decimal? cost)
    {
        var input = usage.InputTokens ?? 0;
        var output = usage.OutputTokens ?? 0;
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, input);
        writer.WriteNumber("completion_tokens"u8, output);
        writer.WriteNumber("total_tokens"u8, input + output);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.CachedInputTokens ?? 0);
        writer.WriteEndObject();
        CostMember.Write(writer, cost);
        writer.WriteEndObject();
    }
}
