using ExtProcRouter.IntentModel.Remote;

namespace ExtProcRouter.Configuration;

/// <summary>
/// intent_model.remote: where a remote routing model (Arch-Router / Plano-Orchestrator behind an OpenAI-compatible
/// endpoint) is served. Read at start; the key comes from the environment and is never logged.
/// </summary>
public sealed record RemoteClassifierConfig(Uri Endpoint, string Model, RemotePromptFormat Format, string? ApiKey, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(1500);

    public const string ArchRouterFormat = "arch_router";
    public const string PlanoOrchestratorFormat = "plano_orchestrator";

    public static bool TryParseFormat(string? text, out RemotePromptFormat format)
    {
        switch (text)
        {
            case null or ArchRouterFormat: format = RemotePromptFormat.ArchRouter; return true;
            case PlanoOrchestratorFormat: format = RemotePromptFormat.PlanoOrchestrator; return true;
            default: format = default; return false;
        }
    }

    public RemoteRouteClassifierOptions ToOptions() => new() { Endpoint = Endpoint, Model = Model, Format = Format, ApiKey = ApiKey, Timeout = Timeout };
}
