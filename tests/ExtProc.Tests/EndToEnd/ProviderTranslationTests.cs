using System.ClientModel;
using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using ExtProcRouter.Simulation;
using OpenAI;
using OpenAI.Chat;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// Real client SDKs through the front door and the sidecar to upstreams that speak another API: the official OpenAI
/// .NET SDK against Anthropic- and Gemini-format upstreams, and the official Anthropic C# SDK against an
/// OpenAI-compatible one.
/// </summary>
public sealed class ProviderTranslationTests : IAsyncLifetime
{
    private FakeProviders _providers = null!;
    private RouterStack _stack = null!;

    public async Task InitializeAsync()
    {
        _providers = await FakeProviders.StartAsync();
        _stack = await RouterStack.StartAsync(new RouterStackOptions { ProvidersUrl = _providers.Url });
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _providers.DisposeAsync();
    }

    private ChatClient OpenAIClient(string model) => new(model, new ApiKeyCredential("client-key"),
        new OpenAIClientOptions { Endpoint = new Uri(_stack.FrontDoor, "/v1") });

    private static async Task<(string Text, HashSet<string> Models)> CollectAsync(AsyncCollectionResult<StreamingChatCompletionUpdate> updates)
    {
        var text = new StringBuilder();
        var models = new HashSet<string>();
        await foreach (var update in updates)
        {
            if (update.Model is { Length: > 0 } model) models.Add(model);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }
        return (text.ToString(), models);
    }

    [Fact]
    public async Task OpenAI_sdk_to_an_anthropic_upstream()
    {
        ChatCompletion completion = await OpenAIClient("claude-test").CompleteChatAsync(
            [new SystemChatMessage("be brief"), new UserChatMessage("hello claude")]);

        Assert.Equal(FakeProviders.AnthropicPrefix + "hello claude", completion.Content[0].Text);
        Assert.Equal("claude-test", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal((12, 7), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        var (path, key, body) = Assert.Single(_providers.Requests);
        Assert.Equal("/v1/messages", path);
        Assert.Equal(RouterStack.ProviderKeys["TEST_ANTHROPIC_KEY"], key);
        Assert.Equal("claude-upstream-1", body["model"]!.GetValue<string>());
        Assert.Equal("be brief", body["system"]!.ToString().Contains("be brief") ? "be brief" : body["system"]!.ToString());
        Assert.True(body["max_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task OpenAI_sdk_streaming_from_an_anthropic_upstream()
    {
        var (text, models) = await CollectAsync(OpenAIClient("claude-test").CompleteChatStreamingAsync([new UserChatMessage("stream it")]));

        Assert.Equal(FakeProviders.AnthropicPrefix + "stream it", text);
        Assert.Equal(["claude-test"], models);
    }

    [Fact]
    public async Task OpenAI_sdk_to_a_gemini_upstream()
    {
        ChatCompletion completion = await OpenAIClient("gemini-test").CompleteChatAsync([new UserChatMessage("hello gemini")]);

        Assert.Equal(FakeProviders.GeminiPrefix + "hello gemini", completion.Content[0].Text);
        Assert.Equal("gemini-test", completion.Model);
        Assert.Equal((12, 7), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        var (path, key, _) = Assert.Single(_providers.Requests);
        Assert.Equal("/v1beta/models/gemini-upstream-1:generateContent", path);
        Assert.Equal(RouterStack.ProviderKeys["TEST_GEMINI_KEY"], key);
    }

    [Fact]
    public async Task OpenAI_sdk_streaming_from_a_gemini_upstream()
    {
        var (text, models) = await CollectAsync(OpenAIClient("gemini-test").CompleteChatStreamingAsync([new UserChatMessage("stream gemini")]));

        Assert.Equal(FakeProviders.GeminiPrefix + "stream gemini", text);
        Assert.Equal(["gemini-test"], models);
        Assert.StartsWith("/v1beta/models/gemini-upstream-1:streamGenerateContent", Assert.Single(_providers.Requests).Path);
    }

    [Fact]
    public async Task A_malformed_upstream_body_reaches_the_sdk_as_a_502_not_a_success()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            OpenAIClient("gemini-test").CompleteChatAsync([new UserChatMessage(FakeProviders.AnswerMalformed)]));

        Assert.Equal(502, error.Status);
        Assert.Contains("malformed", error.Message);
    }

    private AnthropicClient AnthropicSdk() => new() { ApiKey = "client-key", BaseUrl = _stack.FrontDoor.ToString().TrimEnd('/'), MaxRetries = 0 };

    private static MessageCreateParams Ask(string text, string model) => new()
    {
        MaxTokens = 64,
        Messages = [new UserMessageParam(text)],
        Model = model,
    };

    [Fact]
    public async Task Anthropic_sdk_to_an_openai_compatible_upstream()
    {
        var message = await AnthropicSdk().Messages.Create(Ask("hello from claude code", "sim-echo"));

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal(SimulatedProvider.ReplyPrefix + "hello from claude code", text!.Text);
        Assert.Equal("\"sim-echo\"", message.Model.ToString()); // the SDK renders its Model union as JSON
    }

    [Fact]
    public async Task Anthropic_sdk_streaming_from_an_openai_compatible_upstream()
    {
        var text = new StringBuilder();
        await foreach (var e in AnthropicSdk().Messages.CreateStreaming(Ask("stream to claude", "sim-echo")))
        {
            if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
        }

        Assert.Equal(SimulatedProvider.ReplyPrefix + "stream to claude", text.ToString());
    }
}
