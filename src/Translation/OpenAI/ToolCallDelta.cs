using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>One tool-call fragment of a chunk's delta (API reference, "chat.completion.chunk" → delta.tool_calls).</summary>
internal readonly record struct ToolCallDelta(int Index, JsonRange Id, JsonRange Name, JsonRange Arguments);
