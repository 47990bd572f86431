namespace ExtProcRouter.Errors;

/// <summary>Stops processing of one request and answers the client with <see cref="Error"/> as a local reply.</summary>
public sealed class RequestRejectedException(OpenAIError error) : Exception(error.Message)
{
    public OpenAIError Error { get; } = error;
}
