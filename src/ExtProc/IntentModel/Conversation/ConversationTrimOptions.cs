namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>Limits for the conversation the intent model reads (Plano's rules; defaults are Plano's).</summary>
public sealed record ConversationTrimOptions
{
    /// <summary>Token budget for the kept messages, counted as UTF-8 bytes / <see cref="BytesPerToken"/>.</summary>
    public int TokenBudget { get; init; } = 8192;

    /// <summary>At most this many of the newest text-bearing user/assistant messages are considered.</summary>
    public int MaxMessages { get; init; } = 16;

    /// <summary>Tokens already spent before the conversation (e.g. a remote model's prompt template).</summary>
    public int ReservedTokens { get; init; }

    /// <summary>The cheap estimate's divisor: no real tokenizer runs on this path.</summary>
    public int BytesPerToken { get; init; } = 4;

    public static ConversationTrimOptions Default { get; } = new();
}
