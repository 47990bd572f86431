namespace ExtProcRouter.Translation.OpenAI;

/// <summary>Provider stop reasons mapped to OpenAI's finish_reason values (stop, length, tool_calls, content_filter).</summary>
internal static class FinishReasons
{
    /// <summary>Anthropic stop_reason ("Handling stop reasons", docs.anthropic.com/en/api/handling-stop-reasons); input is the unquoted value.</summary>
    public static ReadOnlySpan<byte> FromAnthropic(ReadOnlySpan<byte> stopReason) => stopReason switch
    {
        _ when stopReason.SequenceEqual("max_tokens"u8) || stopReason.SequenceEqual("model_context_window_exceeded"u8) => "length"u8,
        _ when stopReason.SequenceEqual("tool_use"u8) => "tool_calls"u8,
        _ when stopReason.SequenceEqual("refusal"u8) => "content_filter"u8,
        _ => "stop"u8, // end_turn, stop_sequence, pause_turn
    };

    /// <summary>Gemini finishReason (API reference, "GenerateContentResponse" → FinishReason).</summary>
    public static ReadOnlySpan<byte> FromGemini(ReadOnlySpan<byte> finishReason, bool hasToolCalls) => finishReason switch
    {
        _ when hasToolCalls => "tool_calls"u8,
        _ when finishReason.SequenceEqual("MAX_TOKENS"u8) => "length"u8,
        _ when finishReason.SequenceEqual("SAFETY"u8) || finishReason.SequenceEqual("RECITATION"u8)
            || finishReason.SequenceEqual("BLOCKLIST"u8) || finishReason.SequenceEqual("PROHIBITED_CONTENT"u8)
            || finishReason.SequenceEqual("SPII"u8) || finishReason.SequenceEqual("IMAGE_SAFETY"u8) => "content_filter"u8,
        _ => "stop"u8, // STOP, FINISH_REASON_UNSPECIFIED, OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL
    };

    /// <summary>OpenAI finish_reason to Anthropic stop_reason, for Anthropic clients of OpenAI upstreams.</summary>
    public static string ToAnthropic(string? finishReason) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };
}
