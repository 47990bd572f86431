namespace ExtProcRouter.Translation.Anthropic;

/// <summary>Anthropic streaming event types ("Streaming Messages" → "Event types", docs.anthropic.com/en/docs/build-with-claude/streaming).</summary>
internal enum AnthropicEventType
{
    Unknown,
    MessageStart,
    ContentBlockStart,
    ContentBlockDelta,
    ContentBlockStop,
    MessageDelta,
    MessageStop,
    Ping,
    Error,
}
