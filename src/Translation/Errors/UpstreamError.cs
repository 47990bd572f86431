using System.Text;
using System.Text.Json;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Errors;

/// <summary>
/// The message, type and code of a provider's error body, whatever its shape: OpenAI and Gemini
/// (<c>{"error":{...}}</c>), Anthropic (<c>{"type":"error","error":{...}}</c>), vLLM-style flat objects,
/// Gemini's streamed array form, or plain text.
/// </summary>
internal sealed record UpstreamError(string Message, string? Type, string? Code, string? Param)
{
    private const int MaxTextMessageChars = 1000;

    public static UpstreamError Parse(ReadOnlySpan<byte> body, int statusCode)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType != JsonTokenType.StartObject)
                    return FromText(body, statusCode);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var parsed = ReadObject(ref reader);
                    if (parsed is not null) return parsed;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the text form.
        }
        return FromText(body, statusCode);
    }

    private static UpstreamError? ReadObject(ref Utf8JsonReader reader)
    {
        string? message = null, type = null, code = null, param = null, status = null;
        UpstreamError? nested = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject) nested = ReadObject(ref reader);
                else message ??= JsonReading.ReadScalarText(ref reader);
                continue;
            }
            var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("detail"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            var isParam = reader.ValueTextEquals("param"u8);
            var isStatus = reader.ValueTextEquals("status"u8);
            reader.Read();
            if (isMessage) message ??= JsonReading.ReadScalarText(ref reader);
            else if (isType) type = JsonReading.ReadScalarText(ref reader);
            else if (isCode) code = JsonReading.ReadScalarText(ref reader);
            else if (isParam) param = JsonReading.ReadScalarText(ref reader);
            else if (isStatus) status = JsonReading.ReadScalarText(ref reader);
            else reader.Skip();
        }
        if (nested is not null) return nested;
        if (message is null) return null;
        // Gemini puts the symbolic name in "status" and the HTTP number in "code".
        if (status is not null)
        {
            type ??= status;
            code = status;
        }
        // Anthropic's envelope says type "error"; the useful type is the nested one.
        return new UpstreamError(message, type == "error" ? null : type, code, param);
    }

    private static UpstreamError FromText(ReadOnlySpan<byte> body, int statusCode)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > MaxTextMessageChars) text = text[..MaxTextMessageChars];
        if (text.Length == 0) text = $"upstream returned HTTP {statusCode} with an empty body";
        return new UpstreamError(text, null, null, null);
    }
}
