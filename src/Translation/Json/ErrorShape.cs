using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>Recognises error bodies that already have a client API's shape, so they can pass through untouched.</summary>
internal static class ErrorShape
{
    /// <summary>OpenAI: a top-level object whose <c>error</c> is an object with a string <c>message</c>.</summary>
    public static bool IsOpenAIError(ReadOnlySpan<byte> body) => HasErrorObjectWithMessage(body, requireAnthropicEnvelope: false);

    /// <summary>Anthropic: additionally <c>"type":"error"</c> at the top level.</summary>
    public static bool IsAnthropicError(ReadOnlySpan<byte> body) => HasErrorObjectWithMessage(body, requireAnthropicEnvelope: true);

    private static bool HasErrorObjectWithMessage(ReadOnlySpan<byte> body, bool requireAnthropicEnvelope)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            bool errorHasMessage = false, typeIsError = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isMessage = reader.ValueTextEquals("message"u8);
                        reader.Read();
                        if (isMessage && reader.TokenType == JsonTokenType.String) errorHasMessage = true;
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    typeIsError = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // The whole body must be one valid JSON value to be passed through as-is.
            return !reader.Read() && errorHasMessage && (typeIsError || !requireAnthropicEnvelope);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
