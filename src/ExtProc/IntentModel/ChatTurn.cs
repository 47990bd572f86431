namespace ExtProcRouter.IntentModel;

/// <summary>One message of a conversation reduced to what the intent model reads: who said it and its text.</summary>
/// <param name="Role">The author.</param>
/// <param name="Text">The message's text parts joined; empty when the message carried no text (e.g. only tool calls).</param>
public readonly record struct ChatTurn(ChatRole Role, string Text)
{
    public static ChatTurn User(string text) => new(ChatRole.User, text);

    public static ChatTurn Assistant(string text) => new(ChatRole.Assistant, text);

    /// <summary>Maps an OpenAI-style role string; unknown roles become <see cref="ChatRole.Other"/> rather than failing.</summary>
    /// <summary>The role as the OpenAI and Arch-Router wire formats spell it.</summary>
    public string RoleName => Role switch
    {
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        ChatRole.System => "system",
        ChatRole.Developer => "developer",
        ChatRole.Tool => "tool",
        _ => "other",
    };

    public static ChatRole ParseRole(ReadOnlySpan<char> role) => role switch
    {
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        "system" => ChatRole.System,
        "developer" => ChatRole.Developer,
        "tool" or "function" => ChatRole.Tool,
        _ => ChatRole.Other,
    };
}
