using System.Text;
using System.Text.Json;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>Encodes a generated <see cref="Answer"/> the way each provider streams it (per its streaming docs).</summary>
internal static class UpstreamStreams
{
    public static byte[] Anthropic(Answer answer)
    {
        var sse = new StringBuilder();
        void Event(string type, object data) => sse.Append("event: ").Append(type).Append("\ndata: ").Append(JsonSerializer.Serialize(data)).Append("\n\n");

        Event("message_start", new { type = "message_start", message = new { id = "msg_1", type = "message", role = "assistant", model = "claude", content = Array.Empty<object>(), usage = new { input_tokens = answer.InputTokens - answer.CachedTokens, cache_read_input_tokens = answer.CachedTokens, cache_creation_input_tokens = 0, output_tokens = 1 } } });
        var index = 0;
        if (answer.TextPieces.Count > 0)
        {
            Event("content_block_start", new { type = "content_block_start", index, content_block = new { type = "text", text = "" } });
            foreach (var piece in answer.TextPieces) Event("content_block_delta", new { type = "content_block_delta", index, delta = new { type = "text_delta", text = piece } });
            Event("content_block_stop", new { type = "content_block_stop", index });
            index++;
        }
        foreach (var call in answer.ToolCalls)
        {
            Event("content_block_start", new { type = "content_block_start", index, content_block = new { type = "tool_use", id = call.Id, name = call.Name, input = new { } } });
            foreach (var piece in call.ArgumentPieces) Event("content_block_delta", new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = piece } });
            Event("content_block_stop", new { type = "content_block_stop", index });
            index++;
        }
        Event("message_delta", new { type = "message_delta", delta = new { stop_reason = answer.ToolCalls.Count > 0 ? "tool_use" : "end_turn" }, usage = new { output_tokens = answer.OutputTokens } });
        Event("message_stop", new { type = "message_stop" });
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    public static byte[] OpenAI(Answer answer)
    {
        var sse = new StringBuilder();
        void Chunk(object delta, string? finish = null) => sse.Append("data: ").Append(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model = "gpt",
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        })).Append("\n\n");

        Chunk(new { role = "assistant", content = "" });
        foreach (var piece in answer.TextPieces) Chunk(new { content = piece });
        for (var i = 0; i < answer.ToolCalls.Count; i++)
        {
            var call = answer.ToolCalls[i];
            Chunk(new { tool_calls = new object[] { new { index = i, id = call.Id, type = "function", function = new { name = call.Name, arguments = "" } } } });
            foreach (var piece in call.ArgumentPieces) Chunk(new { tool_calls = new object[] { new { index = i, function = new { arguments = piece } } } });
        }
        Chunk(new { }, answer.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        sse.Append("data: ").Append(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model = "gpt", choices = Array.Empty<object>(),
            usage = new { prompt_tokens = answer.InputTokens, completion_tokens = answer.OutputTokens, total_tokens = answer.InputTokens + answer.OutputTokens, prompt_tokens_details = new { cached_tokens = answer.CachedTokens } },
        })).Append("\n\ndata: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    public static byte[] Gemini(Answer answer)
    {
        var sse = new StringBuilder();
        void Event(object data) => sse.Append("data: ").Append(JsonSerializer.Serialize(data)).Append("\r\n\r\n");

        foreach (var piece in answer.TextPieces)
            Event(new { candidates = new[] { new { content = new { role = "model", parts = new object[] { new { text = piece } } }, index = 0 } }, responseId = "r" });
        var calls = answer.ToolCalls.Select(c => (object)new { functionCall = new { name = c.Name, args = JsonDocument.Parse(c.Arguments).RootElement } }).ToArray();
        Event(new
        {
            candidates = new[] { new { content = new { role = "model", parts = calls }, finishReason = "STOP", index = 0 } },
            usageMetadata = new { promptTokenCount = answer.InputTokens, candidatesTokenCount = answer.OutputTokens, cachedContentTokenCount = answer.CachedTokens, totalTokenCount = answer.InputTokens + answer.OutputTokens },
            responseId = "r",
        });
        return Encoding.UTF8.GetBytes(sse.ToString());
    }
}
