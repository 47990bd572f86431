using System.Text.Json;

namespace ExtProcRouter.Translation.Errors;

/// <summary>Writes error objects in each client API's shape.</summary>
internal static class ErrorWriting
{
    /// <summary>OpenAI: <c>{"error":{"message","type","param","code"}}</c> (API reference, "Error codes").</summary>
    public static void WriteOpenAI(Utf8JsonWriter writer, string message, string type, string? param, string? code)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, message);
        writer.WriteString("type"u8, type);
        if (param is null) writer.WriteNull("param"u8);
        else writer.WriteString("param"u8, param);
        if (code is null) writer.WriteNull("code"u8);
        else writer.WriteString("code"u8, code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Anthropic: <c>{"type":"error","error":{"type","message"}}</c> (docs.anthropic.com/en/api/errors).</summary>
    public static void WriteAnthropic(Utf8JsonWriter writer, string message, string type)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, type);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
