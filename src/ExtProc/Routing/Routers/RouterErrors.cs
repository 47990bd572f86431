using ExtProcRouter.Errors;

namespace ExtProcRouter.Routing.Routers;

/// <summary>Errors a router answers with itself.</summary>
public static class RouterErrors
{
    public const string NoModelAvailableCode = "no_model_available";

    public static OpenAIError NoModelAvailable(string router) => new(503, OpenAIErrorTypes.ServiceUnavailable, NoModelAvailableCode,
        $"Router '{router}' has no available model: every task and fallback model is cooling down after upstream failures. Retry shortly.",
        "model");
}
