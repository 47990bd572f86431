using ExtProcRouter.Errors;
using ExtProcRouter.Security;

namespace ExtProcRouter.Admin;

/// <summary>Control-plane errors, in the same OpenAI shape as inference errors so clients parse one format.</summary>
public static class ControlPlaneErrors
{
    public static OpenAIError Unauthorized() => new(401, AccessErrors.AuthenticationType, "invalid_admin_token",
        "A valid admin token is required: 'Authorization: Bearer <admin token>'.");

    public static OpenAIError NameExists(string name) => new(400, OpenAIErrorTypes.InvalidRequest, "router_name_exists",
        $"model router name already exists: '{name}'", "name");

    public static OpenAIError Invalid(IReadOnlyList<string> errors) => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_router", string.Join("; ", errors));

    public static OpenAIError MalformedJson(string detail) => new(400, OpenAIErrorTypes.InvalidRequest, "invalid_json",
        $"The request body is not a valid router definition: {detail}");

    public static OpenAIError NotFound(string uuid) => new(404, OpenAIErrorTypes.NotFound, "router_not_found",
        $"No model router with uuid '{uuid}'.");
}
