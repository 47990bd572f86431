namespace ExtProcRouter.Translation;

/// <summary>Token counts reported by the provider; null where the provider has not reported them (yet).</summary>
public readonly record struct TokenUsage(long? InputTokens, long? OutputTokens, long? CachedInputTokens);
