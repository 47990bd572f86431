using System.Text;
using System.Text.Json;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.Translation;

/// <summary>
/// A long streamed answer as each provider sends it: one upstream network chunk per SSE event, token-sized text
/// deltas (mostly ASCII, some escapes and multi-byte characters), then the provider's usage and end events.
/// </summary>
public static class LongStreamedAnswer
{
    public const int TextEvents = 4000;

    private static readonly string[] Tokens =
    [
        " the", " quick", " brown", " fox", " jumps", " over", " lazy", " dog", ",", ".", "\n", " \"quoted\"", " naïve",
        " café", " 世界", " 🙂", " path\\to", " tab\t", " and", " then", " a", " story", " continues", " onward",
    ];

    /// <summary>The upstream chunks for <paramref name="provider"/>, deterministic.</summary>
    public static IReadOnlyList<byte[]> Chunks(ApiFormat provider)
    {
        var chunks = new List<byte[]>(TextEvents + 8);
        var random = new Random(42);
        string NextText()
        {
            var text = new StringBuilder();
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++) text.Append(Tokens[random.Next(Tokens.Length)]);
            return text.ToString();
        }
        void Add(string sse) => chunks.Add(Encoding.UTF8.GetBytes(sse));
        string Json(object value) => JsonSerializer.Serialize(value);

        switch (provider)
        {
            case ApiFormat.OpenAIChat:
                string Chunk(object delta, string? finish) => "data: " + Json(new
                {
                    id = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", @object = "chat.completion.chunk", created = 1741569952,
                    model = "gpt-4o-2024-08-06", system_fingerprint = "fp_44709d6fcb",
                    choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finish } }, usage = (object?)null,
                }) + "\n\n";
                Add(Chunk(new { role = "assistant", content = "" }, null));
                for (var i = 0; i < TextEvents; i++) Add(Chunk(new { content = NextText() }, null));
                Add(Chunk(new { }, "stop"));
                Add("data: " + Json(new { id = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", @object = "chat.completion.chunk", created = 1741569952, model = "gpt-4o-2024-08-06", choices = Array.Empty<object>(), usage = new { prompt_tokens = 12, completion_tokens = TextEvents, total_tokens = TextEvents + 12, prompt_tokens_details = new { cached_tokens = 0 } } }) + "\n\n");
                Add("data: [DONE]\n\n");
                break;

            case ApiFormat.AnthropicMessages:
                string Event(string type, object data) => $"event: {type}\ndata: {Json(data)}\n\n";
                Add(Event("message_start", new { type = "message_start", message = new { id = "msg_014p7gG3wDgGV9EUtLvnow3U", type = "message", role = "assistant", model = "claude-sonnet-4-20250514", content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 12, output_tokens = 1 } } }));
                Add(Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }));
                for (var i = 0; i < TextEvents; i++)
                    Add(Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = NextText() } }));
                Add(Event("content_block_stop", new { type = "content_block_stop", index = 0 }));
                Add(Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = TextEvents } }));
                Add(Event("message_stop", new { type = "message_stop" }));
                break;

            case ApiFormat.Gemini:
                for (var i = 0; i < TextEvents; i++)
                {
                    var last = i == TextEvents - 1;
                    Add("data: " + Json(new
                    {
                        candidates = new[] { new { content = new { parts = new[] { new { text = NextText() } }, role = "model" }, finishReason = last ? "STOP" : null, index = 0 } },
                        usageMetadata = new { promptTokenCount = 12, candidatesTokenCount = i + 1, totalTokenCount = i + 13 },
                        modelVersion = "gemini-2.5-flash", responseId = "mx8SaeW7Lc2-qtsPqLS7kAQ",
                    }) + "\r\n\r\n");
                }
                break;
        }
        return chunks;
    }
}
