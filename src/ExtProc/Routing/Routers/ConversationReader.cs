using System.Text.Json;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Routing.Routers;

/// <summary>
/// The conversation of a request body in the client's format, as <see cref="ChatTurn"/>s: OpenAI and Anthropic
/// <c>messages</c> (string or content-part arrays), Gemini <c>contents</c> with <c>parts</c>. A body without a
/// conversation gives an empty list (the router then uses its fallback) rather than an error: the translator
/// reports malformed bodies with the precise message.
/// </summary>
public static class ConversationReader
{
    public static List<ChatTurn> Read(ReadOnlyMemory<byte> body, ApiFormat format)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return [];
            if (format == ApiFormat.Gemini) return root.TryGetProperty("contents", out var contents) ? ReadGemini(contents) : [];
            return root.TryGetProperty("messages", out var messages) ? OpenAiChatTurns.Read(messages) : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static List<ChatTurn> ReadGemini(JsonElement contents)
    {
        var turns = new List<ChatTurn>();
        if (contents.ValueKind != JsonValueKind.Array) return turns;
        foreach (var content in contents.EnumerateArray())
        {
            if (content.ValueKind != JsonValueKind.Object) continue;
            var role = content.TryGetProperty("role", out var r) && r.GetString() == "model" ? ChatRole.Assistant : ChatRole.User;
            var text = content.TryGetProperty("parts", out var parts) ? OpenAiChatTurns.Text(parts) : string.Empty;
            turns.Add(new ChatTurn(role, text));
        }
        return turns;
    }
}
