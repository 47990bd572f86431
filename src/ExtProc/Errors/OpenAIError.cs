namespace ExtProcRouter.Errors;

/// <summary>
/// An error the router returns to the client itself, in the shape OpenAI's API uses
/// (<c>{"error": {"message", "type", "param", "code"}}</c>) so that OpenAI SDKs surface it unchanged.
/// </summary>
/// <param name="StatusCode">The HTTP status of the local reply.</param>
/// <param name="Type">OpenAI's error class, e.g. <c>invalid_request_error</c>.</param>
/// <param name="Code">A stable machine-readable code, e.g. <c>model_not_found</c>.</param>
/// <param name="Message">Human-readable; never contains secrets or the request body.</param>
/// <param name="Param">The offending request field, when there is one.</param>
public sealed record OpenAIError(int StatusCode, string Type, string Code, string Message, string? Param = null);
