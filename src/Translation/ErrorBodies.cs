using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Errors;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation;

/// <summary>Error bodies in the client's API shape, for errors the router itself raises (e.g. a <see cref="TranslationException"/>).</summary>
public static class ErrorBodies
{
    /// <summary>A complete JSON error body for <paramref name="client"/>, with the type its API uses for <paramref name="statusCode"/>.</summary>
    public static byte[] For(ApiFormat client, int statusCode, string message, string? param = null, string? code = null)
    {
        using var buffer = new PooledByteBuffer();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            if (client == ApiFormat.AnthropicMessages) ErrorWriting.WriteAnthropic(writer, message, ErrorTypes.AnthropicFor(statusCode));
            else ErrorWriting.WriteOpenAI(writer, message, ErrorTypes.OpenAIFor(statusCode), param, code);
        }
        return buffer.ToArray();
    }

    /// <summary>The error body for a refused request.</summary>
    public static byte[] For(ApiFormat client, TranslationException exception) =>
        For(client, exception.StatusCode, exception.Message, exception.Field, exception.StatusCode == 422 ? "unsupported_parameter" : "invalid_request");
}
