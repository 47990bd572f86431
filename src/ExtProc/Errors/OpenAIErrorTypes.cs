namespace ExtProcRouter.Errors;

/// <summary>The <c>error.type</c> values OpenAI's API uses, so clients can branch on them as usual.</summary>
public static class OpenAIErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string NotFound = "not_found_error";
    public const string Server = "server_error";
    public const string ServiceUnavailable = "service_unavailable_error";
}
