using System.Text.Json;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

public sealed class OpenAiChatTurnsTests
{
    [Fact]
    public void Reads_roles_and_every_content_shape()
    {
        using var document = JsonDocument.Parse("""
            [
              {"role": "system", "content": "be brief"},
              {"role": "user", "content": [{"type": "text", "text": "look at"}, {"type": "image_url", "image_url": {"url": "data:"}}, {"type": "text", "text": "this"}]},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "1", "type": "function"}]},
              {"role": "tool", "tool_call_id": "1", "content": "{\"ok\": true}"},
              {"role": "user", "content": [{"type": "input_text", "text": "single part"}]},
              {"role": "critic", "content": "??"},
              {"content": "no role"},
              42
            ]
            """);
        var turns = OpenAiChatTurns.Read(document.RootElement);
        Assert.Equal(
            [
                new ChatTurn(ChatRole.System, "be brief"),
                new ChatTurn(ChatRole.User, "look at\nthis"),
                new ChatTurn(ChatRole.Assistant, ""),
                new ChatTurn(ChatRole.Tool, "{\"ok\": true}"),
                new ChatTurn(ChatRole.User, "single part"),
                new ChatTurn(ChatRole.Other, "??"),
                new ChatTurn(ChatRole.Other, "no role"),
            ],
            turns);
    }

    [Fact]
    public void A_non_array_gives_no_turns()
    {
        using var document = JsonDocument.Parse("""{"role": "user"}""");
        Assert.Empty(OpenAiChatTurns.Read(document.RootElement));
    }
}
