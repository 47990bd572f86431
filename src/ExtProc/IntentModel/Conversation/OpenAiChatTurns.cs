using System.Text.Json;

namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>
/// Reads the <c>messages</c> array of an OpenAI-style chat request into <see cref="ChatTurn"/>s: string content as
/// is, content-part arrays as their text parts joined by newlines, anything else (null content of a tool call,
/// images, audio) as empty text, which the trimmer then drops.
/// </summary>
public static class OpenAiChatTurns
{
    public static List<ChatTurn> Read(JsonElement messages)
    {
        var turns = new List<ChatTurn>(messages.ValueKind == JsonValueKind.Array ? messages.GetArrayLength() : 0);
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return turns;
        }
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var role = message.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String
                ? ChatTurn.ParseRole(roleElement.GetString())
                : ChatRole.Other;
            turns.Add(new ChatTurn(role, message.TryGetProperty("content", out var content) ? Text(content) : string.Empty));
        }
        return turns;
    }

    /// <summary>The text of one message's <c>content</c>.</summary>
    public static string Text(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                string? single = null;
                List<string>? parts = null;
                foreach (var part in content.EnumerateArray())
                {
                    var text = part.ValueKind switch
                    {
                        JsonValueKind.String => part.GetString(),
                        JsonValueKind.Object when part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
                        _ => null,
                    };
                    if (text is null)
                    {
                        continue;
                    }
                    if (single is null)
                    {
                        single = text;
                    }
                    else
                    {
                        (parts ??= [single]).Add(text);
                    }
                }
                return parts is not null ? string.Join('\n', parts) : single ?? string.Empty;
            default:
                return string.Empty;
        }
    }
}
