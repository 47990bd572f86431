using ExtProcRouter.Errors;

namespace ExtProcRouter.WebConsole;

/// <summary>The console API's own errors, in the OpenAI shape every other endpoint of the sidecar uses.</summary>
public static class ConsoleErrors
{
    public static OpenAIError MalformedJson(string detail) => new(400, OpenAIErrorTypes.InvalidRequest, "invalid_json",
        $"The request body is not valid JSON: {detail}");

    public static OpenAIError Invalid(string param, string message) => new(400, OpenAIErrorTypes.InvalidRequest,
        "invalid_request", message, param);

    public static OpenAIError RouterNotFound(string router) => new(404, OpenAIErrorTypes.NotFound, "router_not_found",
        $"No router named '{(router.Length > 64 ? router[..64] + "…" : router)}' is configured.", "router");

    public static OpenAIError InvalidWindow(string? window) => new(400, OpenAIErrorTypes.InvalidRequest, "invalid_window",
        $"window must be a whole number of minutes or hours between {AnalyticsWindow.Minimum.TotalMinutes:0}m and {AnalyticsWindow.Maximum.TotalHours:0}h, e.g. 15m or 1h; got '{(window is { Length: > 16 } ? window[..16] + "…" : window)}'.",
        "window");

    public static OpenAIError FrontDoorNotConfigured() => new(503, OpenAIErrorTypes.ServiceUnavailable, "front_door_not_configured",
        "Sending needs server.front_door_url in the sidecar's configuration (where clients reach Envoy or the gateway); the dry run works without it.");
}
