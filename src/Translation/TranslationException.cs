namespace ExtProcRouter.Translation;

/// <summary>A request the translator refuses, with the HTTP status and the offending field for the client's error.</summary>
public sealed class TranslationException(int statusCode, string? field, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string? Field { get; } = field;
}
