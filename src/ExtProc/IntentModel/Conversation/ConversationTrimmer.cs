namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>
/// Reduces a conversation to what the intent model reads, following Plano's published routing rules:
/// drop system, developer and tool messages and messages without text; keep at most the newest
/// <see cref="ConversationTrimOptions.MaxMessages"/>; walk back from the newest while the bytes/4 estimate fits
/// the budget; when the message that overflows is from the user, keep a middle-trimmed part of it.
/// </summary>
public static class ConversationTrimmer
{
    public static IReadOnlyList<ChatTurn> Trim(IReadOnlyList<ChatTurn> conversation, ConversationTrimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        options ??= ConversationTrimOptions.Default;

        // Only user and assistant turns carry intent (unknown roles are treated like system ones).
        var candidates = new List<ChatTurn>(Math.Min(conversation.Count, options.MaxMessages));
        for (var i = conversation.Count - 1; i >= 0 && candidates.Count < options.MaxMessages; i--)
        {
            var turn = conversation[i];
            if (turn.Role is ChatRole.User or ChatRole.Assistant && !string.IsNullOrEmpty(turn.Text))
            {
                candidates.Add(turn);
            }
        }
        // candidates are newest first from here on.

        var kept = new List<ChatTurn>(candidates.Count);
        var tokens = options.ReservedTokens;
        foreach (var turn in candidates)
        {
            var turnTokens = Utf8MiddleTrim.ByteCount(turn.Text) / options.BytesPerToken;
            if (tokens + turnTokens > options.TokenBudget)
            {
                var remaining = Math.Max(0, options.TokenBudget - tokens);
                if (turn.Role == ChatRole.User && remaining > 0)
                {
                    kept.Add(turn with { Text = Utf8MiddleTrim.Trim(turn.Text, remaining * options.BytesPerToken) });
                }
                break;
            }
            tokens += turnTokens;
            kept.Add(turn);
        }

        if (kept.Count == 0 && candidates.Count > 0)
        {
            // Plano keeps the newest message whole here; we still cap it so that one huge message cannot make
            // the classifier's work unbounded.
            var newest = candidates[0];
            var budgetBytes = Math.Max(1, options.TokenBudget - options.ReservedTokens) * options.BytesPerToken;
            kept.Add(newest with { Text = Utf8MiddleTrim.Trim(newest.Text, budgetBytes) });
        }

        kept.Reverse();
        return kept;
    }
}
