using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Clients;

/// <summary>
/// The official Anthropic C# SDK reads what the translator produces from an OpenAI-compatible upstream's answers,
/// streamed (aggregated by the SDK itself) and not, including tool use, usage and errors.
/// </summary>
public sealed class AnthropicSdkClientTests
{
    private static AnthropicClient NewClient(TranslatingHandler handler) => new()
    {
        ApiKey = "test-key",
        BaseUrl = "http://router.test",
        HttpClient = new HttpClient(handler),
        MaxRetries = 0,
    };

    private static MessageCreateParams Parameters() => new()
    {
        MaxTokens = 1024,
        Messages = [new UserMessageParam("Read main.c")],
        Model = "claude-sonnet-4-5",
    };

    [Fact]
    public async Task Non_streaming_from_an_OpenAI_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, _ => (200, Fixture.Bytes("AnthropicMessages-OpenAIChat/response.json")));
        var message = await NewClient(handler).Messages.Create(Parameters());
        AssertAnswer(message, "Reading it — 世界 🙂.");
        Assert.Equal("/v1/chat/completions", handler.Requests[0].Path);
    }

    [Fact]
    public async Task Streaming_from_an_OpenAI_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, _ => (200, Fixture.Bytes("AnthropicMessages-OpenAIChat/stream.sse")));
        var message = await NewClient(handler).Messages.CreateStreaming(Parameters()).Aggregate();
        AssertAnswer(message, "Let me read it — 世界 🙂 \"x\"");
    }

    [Fact]
    public async Task Provider_errors_surface_as_SDK_exceptions()
    {
        var handler = new TranslatingHandler(ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, _ => (401, Fixture.Bytes("AnthropicMessages-OpenAIChat/error.json")));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => NewClient(handler).Messages.Create(Parameters()));
        Assert.Contains("Incorrect API key provided.", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertAnswer(Message message, string expectedText)
    {
        Assert.Equal("router/served-model", message.Model.ToString().Trim('"'));
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal(expectedText, text!.Text);
        Assert.True(message.Content[1].TryPickToolUse(out var toolUse));
        Assert.Equal("read", toolUse!.Name);
        Assert.Equal("main.c", JsonSerializer.SerializeToElement(toolUse.Input).GetProperty("path").GetString());
        Assert.Equal("tool_use", message.StopReason?.ToString()?.Trim('"'));
        Assert.Equal(93, message.Usage.InputTokens);
        Assert.Equal(1024, message.Usage.CacheReadInputTokens);
        Assert.Equal(46, message.Usage.OutputTokens);
    }
}
