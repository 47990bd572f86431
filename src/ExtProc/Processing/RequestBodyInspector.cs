using System.Text.Json;
using ExtProcRouter.Errors;

namespace ExtProcRouter.Processing;

/// <summary>
/// Validates a JSON request body in one forward pass and picks out <c>model</c> and <c>stream</c>, without
/// building a document: the translator parses the body for real, so this pass must stay cheap.
/// </summary>
public static class RequestBodyInspector
{
    private static ReadOnlySpan<byte> ModelProperty => "model"u8;
    private static ReadOnlySpan<byte> StreamProperty => "stream"u8;

    /// <exception cref="RequestRejectedException">The body is empty, not JSON, or not a JSON object (400).</exception>
    public static RequestBodySummary Inspect(ReadOnlySpan<byte> body)
    {
        if (body.TrimStart(" \t\r\n"u8).IsEmpty) throw new RequestRejectedException(OpenAIErrors.MissingBody());
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            if (!reader.Read()) throw new RequestRejectedException(OpenAIErrors.MissingBody());
            if (reader.TokenType != JsonTokenType.StartObject) throw new RequestRejectedException(OpenAIErrors.BodyNotAnObject());

            string? model = null;
            var stream = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(ModelProperty))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals(StreamProperty))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // Reading to the end validates the rest of the document, including trailing garbage.
            while (reader.Read())
            {
            }
            return new RequestBodySummary(model, stream);
        }
        catch (JsonException exception)
        {
            throw new RequestRejectedException(OpenAIErrors.MalformedJson(exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0));
        }
    }
}
