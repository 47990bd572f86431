using ExtProcRouter.Translation;

namespace ExtProcRouter.Errors;

/// <summary>Every error the router generates itself, in one place so that codes and wording stay consistent.</summary>
public static class OpenAIErrors
{
    public static OpenAIError MalformedJson(long line, long bytePosition) => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_json", $"The request body is not valid JSON (line {line + 1}, byte {bytePosition + 1}).");

    public static OpenAIError BodyNotAnObject() => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_json", "The request body must be a JSON object.");

    public static OpenAIError MissingBody() => new(400, OpenAIErrorTypes.InvalidRequest,
        "missing_body", "The request has no body; send a JSON object with a 'model' field.");

    public static OpenAIError MissingModel() => new(400, OpenAIErrorTypes.InvalidRequest,
        "missing_model", "You must provide a model parameter: a string naming a model or 'router:<name>'.", "model");

    public static OpenAIError ModelNotFound(string model) => new(404, OpenAIErrorTypes.NotFound,
        "model_not_found", $"The model '{Clip(model)}' does not exist or is not served by this router.", "model");

    public static OpenAIError RouterNotFound(string router) => new(404, OpenAIErrorTypes.NotFound,
        "model_not_found", $"The router '{Clip(router)}' is not configured.", "model");

    public static OpenAIError BodyTooLarge(long limitBytes) => new(413, OpenAIErrorTypes.InvalidRequest,
        "request_too_large", $"The request body exceeds the limit of {limitBytes} bytes.");

    public static OpenAIError MethodNotAllowed(string method, string path) => new(405, OpenAIErrorTypes.InvalidRequest,
        "method_not_allowed", $"{Clip(method)} is not allowed on {Clip(path)}; use POST.");

    public static OpenAIError UnsupportedContentEncoding(string encoding) => new(415, OpenAIErrorTypes.InvalidRequest,
        "unsupported_content_encoding", $"The content-encoding '{Clip(encoding)}' is not supported; use identity, gzip, deflate or br.");

    public static OpenAIError CorruptContentEncoding(string encoding) => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_content_encoding", $"The request body could not be decoded as '{Clip(encoding)}'.");

    public static OpenAIError UnsupportedApiPair(ApiFormat client, ApiFormat provider, string model) => new(400,
        OpenAIErrorTypes.InvalidRequest, "unsupported_api",
        $"The model '{Clip(model)}' ({provider}) cannot be called through the {client} API.", "model");

    /// <summary>The provider has no key; the message names the environment variable, never a value.</summary>
    public static OpenAIError ProviderKeyMissing(string provider, string environmentVariable) => new(503,
        OpenAIErrorTypes.ServiceUnavailable, "provider_not_configured",
        $"The provider '{provider}' has no API key: set {environmentVariable} for the router.");

    public static OpenAIError Translation(TranslationException exception) => new(
        exception.StatusCode is >= 400 and < 600 ? exception.StatusCode : 400, OpenAIErrorTypes.InvalidRequest,
        "unsupported_parameter", exception.Message, exception.Field);

    /// <summary>Envoy sent the request body in pieces: the filter's request_body_mode is not BUFFERED (a deployment error).</summary>
    public static OpenAIError RequestBodyNotBuffered() => new(500, OpenAIErrorTypes.Server,
        "request_body_not_buffered", "The router needs the whole request body at once: set the ext_proc filter's request_body_mode to BUFFERED.");

    public static OpenAIError Internal() => new(500, OpenAIErrorTypes.Server,
        "internal_error", "The router failed to process this request. It has been logged.");

    public static OpenAIError UpstreamTranslationFailed() => new(502, OpenAIErrorTypes.Server,
        "upstream_translation_failed", "The router could not translate the provider's response.");

    /// <summary>Client-supplied names are echoed in messages; bound them so an error body stays small.</summary>
    private static string Clip(string value) => value.Length <= 200 ? value : string.Concat(value.AsSpan(0, 200), "...");
}
