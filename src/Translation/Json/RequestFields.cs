using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>Where the fields a pass-through rewrite touches sit in a client's request body.</summary>
internal ref struct RequestFields
{
    public JsonRange Model;
    public JsonRange StreamOptions;
    public bool Stream;
    public bool StreamOptionsIncludeUsage;
    /// <summary>Offset of the top-level object's closing brace, where new fields are appended.</summary>
    public int ClosingBrace;

    /// <summary>Scans the top level of <paramref name="body"/>; throws <see cref="TranslationException"/> when it is not a JSON object with a string model.</summary>
    public static RequestFields Scan(ReadOnlySpan<byte> body)
    {
        var fields = new RequestFields { Model = JsonRange.None, StreamOptions = JsonRange.None };
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new TranslationException(400, null, "The request body must be a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                        throw new TranslationException(400, "model", "'model' must be a string.");
                    fields.Model = JsonReading.TakeRawValue(ref reader);
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    fields.Stream = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False or JsonTokenType.Null => false,
                        _ => throw new TranslationException(400, "stream", "'stream' must be a boolean."),
                    };
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new TranslationException(400, "stream_options", "'stream_options' must be an object.");
                    var start = (int)reader.TokenStartIndex;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
                        reader.Read();
                        if (isIncludeUsage) fields.StreamOptionsIncludeUsage = reader.TokenType == JsonTokenType.True;
                        reader.Skip();
                    }
                    fields.StreamOptions = new JsonRange(start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            fields.ClosingBrace = (int)reader.TokenStartIndex;
            if (reader.Read())
                throw new TranslationException(400, null, "The request body must be a single JSON object.");
        }
        catch (JsonException e)
        {
            throw new TranslationException(400, null, $"The request body is not valid JSON: {e.Message}");
        }
        if (!fields.Model.IsPresent) throw new TranslationException(400, "model", "'model' is required.");
        return fields;
    }
}
