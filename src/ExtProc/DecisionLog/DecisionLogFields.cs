namespace ExtProcRouter.DecisionLog;

/// <summary>Property names of a decision log line; the cost simulation reads the same names back.</summary>
public static class DecisionLogFields
{
    public const string Timestamp = "timestamp";
    public const string Router = "router";
    public const string Task = "task";
    public const string Fallback = "fallback";
    public const string RequestedModel = "requested_model";
    public const string Model = "model";
    public const string Provider = "provider";
    public const string Affinity = "affinity";
    public const string DecisionMs = "decision_ms";
    public const string ClassificationMs = "classification_ms";
    public const string TimeToFirstTokenMs = "ttft_ms";
    public const string TotalMs = "total_ms";
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string CachedTokens = "cached_tokens";
    public const string CostUsd = "cost_usd";
    public const string Status = "status";
    public const string Outcome = "outcome";
    public const string Streamed = "streamed";
    public const string ConversationHash = "conversation_hash";
    public const string Prompt = "prompt";
}
