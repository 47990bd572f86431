namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>
/// The parts of a (trimmed) conversation the intent model reads separately, so that it can tell a
/// self-contained request from a follow-up ("fix it", "same for New York") that needs the earlier turns.
/// </summary>
/// <param name="LatestUserMessage">The newest user message; empty when the conversation has none.</param>
/// <param name="PreviousUserMessages">Earlier user messages, oldest first.</param>
/// <param name="LastAssistantMessage">The newest assistant message before <paramref name="LatestUserMessage"/>, if any.</param>
public sealed record ConversationViews(
    string LatestUserMessage,
    IReadOnlyList<string> PreviousUserMessages,
    string? LastAssistantMessage)
{
    public bool HasContext => PreviousUserMessages.Count > 0 || LastAssistantMessage is not null;

    public static ConversationViews From(IReadOnlyList<ChatTurn> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var latest = -1;
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            if (conversation[i].Role == ChatRole.User)
            {
                latest = i;
                break;
            }
        }
        if (latest < 0)
        {
            return new ConversationViews(string.Empty, [], null);
        }

        var previous = new List<string>();
        string? lastAssistant = null;
        for (var i = 0; i < latest; i++)
        {
            var turn = conversation[i];
            if (turn.Role == ChatRole.User)
            {
                previous.Add(turn.Text);
            }
            else if (turn.Role == ChatRole.Assistant)
            {
                lastAssistant = turn.Text;
            }
        }
        return new ConversationViews(conversation[latest].Text, previous, lastAssistant);
    }
}
