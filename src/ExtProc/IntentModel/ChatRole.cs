namespace ExtProcRouter.IntentModel;

/// <summary>The author of one conversation turn, as the intent model sees it.</summary>
public enum ChatRole
{
    User,
    Assistant,
    System,
    Developer,
    Tool,
    /// <summary>Any role this router does not know; treated like a non-user, non-assistant turn.</summary>
    Other,
}
