using System.Buffers;
using System.Text.Json;

namespace ExtProcRouter.Errors;

/// <summary>Writes an <see cref="OpenAIError"/> as the JSON body OpenAI's API returns.</summary>
public static class OpenAIErrorSerializer
{
    public static byte[] ToUtf8Json(OpenAIError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", error.Type);
            if (error.Param is null) writer.WriteNull("param");
            else writer.WriteString("param", error.Param);
            writer.WriteString("code", error.Code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
