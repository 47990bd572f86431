namespace ExtProcRouter.IntentModel.Remote;

/// <summary>The prompt family the remote model was trained on; each expects its own template and answer shape.</summary>
public enum RemotePromptFormat
{
    /// <summary>Katanemo Arch-Router (e.g. Arch-Router-1.5B): routes as one compact JSON array, the conversation as
    /// compact JSON, answer <c>{"route": "name"}</c> with <c>other</c> for no match.</summary>
    ArchRouter,

    /// <summary>Plano-Orchestrator: one route JSON object per line, the conversation as indented JSON, answer
    /// <c>{"route": ["name", ...]}</c> with an empty list for no match.</summary>
    PlanoOrchestrator,
}
