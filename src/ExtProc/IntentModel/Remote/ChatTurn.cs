namespace ExtProcRouter.IntentModel.Remote;

/// <summary>One message of the conversation as the routing model sees it: a role (<c>user</c>, <c>assistant</c>, ...)
/// and its text, with any non-text parts already removed by the caller.</summary>
public readonly record struct ChatTurn(string Role, string Text);
