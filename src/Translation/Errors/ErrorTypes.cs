namespace ExtProcRouter.Translation.Errors;

/// <summary>The error <c>type</c> each client API uses for an HTTP status, when the upstream did not name one.</summary>
internal static class ErrorTypes
{
    /// <summary>Types as in OpenAI's error codes guide (platform.openai.com/docs/guides/error-codes).</summary>
    public static string OpenAIFor(int status) => status switch
    {
        400 or 404 or 409 or 413 or 422 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        _ => status >= 500 ? "server_error" : "upstream_error",
    };

    /// <summary>Types as in Anthropic's "Errors" page (docs.anthropic.com/en/api/errors).</summary>
    public static string AnthropicFor(int status) => status switch
    {
        400 or 409 or 422 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 or 503 => "overloaded_error",
        _ => "api_error",
    };
}
