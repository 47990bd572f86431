using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Gemini;

/// <summary>One part of a candidate's content (API reference, "Content" → Part): text (maybe a thought) or a functionCall.</summary>
internal readonly record struct GeminiPart(JsonRange Text, bool IsThought, JsonRange FunctionName, JsonRange FunctionArgs, JsonRange FunctionId)
{
    public bool IsFunctionCall => FunctionName.IsPresent;
}
