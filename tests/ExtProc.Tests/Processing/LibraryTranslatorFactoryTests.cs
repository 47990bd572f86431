using System.Text.Json;
using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;
using static ExtProcRouter.Tests.Processing.Support.Messages;

namespace ExtProcRouter.Tests.Processing;

/// <summary>The processor with the real translators: OpenAI clients to an OpenAI-compatible provider.</summary>
public class LibraryTranslatorFactoryTests
{
    private readonly LlmHarness _harness = new(translators: new LibraryTranslatorFactory(TimeProvider.System));

    [Fact]
    public void Unsupported_pairs_get_no_translator()
    {
        var factory = new LibraryTranslatorFactory(TimeProvider.System);

        Assert.NotNull(factory.Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat));
        Assert.Null(factory.Create(ApiFormat.Gemini, ApiFormat.AnthropicMessages));
    }

    [Fact]
    public async Task A_buffered_completion_is_rewritten_up_and_renamed_down()
    {
        var replies = await _harness.RunAsync(
            RequestHeaders(),
            RequestBody("""{"model":"small","messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, "application/json"),
            ResponseBody("""{"id":"c1","object":"chat.completion","model":"gpt-small-2025","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"""));

        var sent = JsonDocument.Parse(replies[1].RequestBody.Response.BodyMutation.Body.Memory).RootElement;
        Assert.Equal("gpt-small-2025", sent.GetProperty("model").GetString());
        var body = replies[3].ResponseBody.Response;
        var received = JsonDocument.Parse(body.BodyMutation.Body.Memory).RootElement;
        Assert.Equal("gpt-small", received.GetProperty("model").GetString());
        Assert.Equal("hello", received.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(body.BodyMutation.Body.Length.ToString(),
            body.HeaderMutation.SetHeaders.Single(h => h.Header.Key == "content-length").Header.RawValue.ToStringUtf8());
        Assert.Equal(new TokenUsage(3, 1, null), _harness.Metrics.Records.Single().Usage with { CachedInputTokens = null });
    }

    [Fact]
    public async Task A_stream_split_mid_event_is_renamed_chunk_by_chunk()
    {
        const string first = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-small-2025\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"he\"},\"finish_reason\":null}]}\n\n";
        const string second = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-small-2025\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        var split = first.Length / 2;

        var replies = await _harness.RunAsync(
            RequestHeaders(),
            RequestBody("""{"model":"gpt-small","stream":true,"messages":[{"role":"user","content":"hi"}]}"""),
            ResponseHeaders(200, "text/event-stream"),
            ResponseBody(first[..split], endOfStream: false),
            ResponseBody(first[split..], endOfStream: false),
            ResponseBody(second, endOfStream: true));

        Assert.NotNull(replies[2].ModeOverride);
        var chunks = replies.Skip(3).Select(r => r.ResponseBody.Response.BodyMutation.Body.ToStringUtf8()).ToList();
        Assert.Equal("", chunks[0]);
        Assert.Contains("\"model\":\"gpt-small\"", chunks[1]);
        Assert.Contains("\"content\":\"he\"", chunks[1]);
        Assert.DoesNotContain("gpt-small-2025", string.Concat(chunks));
        Assert.EndsWith("data: [DONE]\n\n", chunks[2]);
    }
}
