using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// Anthropic's usage object ("Messages" → usage; "Prompt caching" → tracking cache performance): input_tokens
/// excludes cache reads and writes, which are reported separately; in streams message_delta repeats the counts
/// cumulatively.
/// </summary>
internal readonly record struct AnthropicUsageCounts(long? InputTokens, long? OutputTokens, long? CacheReadTokens, long? CacheCreationTokens)
{
    public bool IsEmpty => InputTokens is null && OutputTokens is null && CacheReadTokens is null && CacheCreationTokens is null;

    /// <summary>Reads a usage object; fields it does not mention keep their previous values.</summary>
    public static AnthropicUsageCounts Read(ref Utf8JsonReader reader, AnthropicUsageCounts previous)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return previous;
        }
        var counts = previous;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                counts = counts with { InputTokens = JsonReading.ReadInt64(ref reader) ?? counts.InputTokens };
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                counts = counts with { OutputTokens = JsonReading.ReadInt64(ref reader) ?? counts.OutputTokens };
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                counts = counts with { CacheReadTokens = JsonReading.ReadInt64(ref reader) ?? counts.CacheReadTokens };
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                counts = counts with { CacheCreationTokens = JsonReading.ReadInt64(ref reader) ?? counts.CacheCreationTokens };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return counts;
    }

    /// <summary>Merges newer counts over these (a message_delta over message_start).</summary>
    public AnthropicUsageCounts Merge(AnthropicUsageCounts newer) => new(
        newer.InputTokens ?? InputTokens, newer.OutputTokens ?? OutputTokens,
        newer.CacheReadTokens ?? CacheReadTokens, newer.CacheCreationTokens ?? CacheCreationTokens);

    /// <summary>The router's (OpenAI-style) view: input counts every prompt token, cached ones included.</summary>
    public TokenUsage ToTokenUsage() => IsEmpty
        ? default
        : new TokenUsage(
            InputTokens is null && CacheReadTokens is null && CacheCreationTokens is null
                ? null
                : (InputTokens ?? 0) + (CacheReadTokens ?? 0) + (CacheCreationTokens ?? 0),
            OutputTokens,
            CacheReadTokens);

    public static AnthropicUsageCounts FromTokenUsage(TokenUsage usage) => new(
        usage.InputTokens is { } input ? input - (usage.CachedInputTokens ?? 0) : null,
        usage.OutputTokens,
        usage.CachedInputTokens,
        null);
}
