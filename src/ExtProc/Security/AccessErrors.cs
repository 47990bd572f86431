using ExtProcRouter.Errors;

namespace ExtProcRouter.Security;

/// <summary>401 replies in OpenAI's shape; messages never contain the presented key.</summary>
public static class AccessErrors
{
    public const string AuthenticationType = "authentication_error";

    public static OpenAIError MissingKey() => new(401, AuthenticationType, "missing_api_key",
        "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");

    public static OpenAIError InvalidKey() => new(401, AuthenticationType, "invalid_api_key",
        "Incorrect API key provided.");
}
