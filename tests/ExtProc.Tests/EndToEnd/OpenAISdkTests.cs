using System.ClientModel;
using System.Text;
using ExtProcRouter.Simulation;
using OpenAI;
using OpenAI.Chat;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>The official OpenAI .NET SDK against the front door, the sidecar over gRPC, and a simulated upstream.</summary>
public sealed class OpenAISdkTests : IAsyncLifetime
{
    private RouterStack _stack = null!;

    public async Task InitializeAsync() => _stack = await RouterStack.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private ChatClient Client(string model) => new(model, new ApiKeyCredential("client-key"),
        new OpenAIClientOptions { Endpoint = new Uri(_stack.FrontDoor, "/v1") });

    [Fact]
    public async Task A_completion_comes_back_with_the_served_model_slug()
    {
        ChatCompletion completion = await Client("echo").CompleteChatAsync([new UserChatMessage("Hello router")]);

        Assert.Equal(SimulatedProvider.ReplyPrefix + "Hello router", completion.Content[0].Text);
        Assert.Equal("sim-echo", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task A_streamed_completion_arrives_chunk_by_chunk_with_the_served_model()
    {
        var text = new StringBuilder();
        var models = new HashSet<string>();
        var updates = 0;
        await foreach (var update in Client("sim-echo").CompleteChatStreamingAsync([new UserChatMessage("stream me please")]))
        {
            updates++;
            if (update.Model is { Length: > 0 } model) models.Add(model);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal(SimulatedProvider.ReplyPrefix + "stream me please", text.ToString());
        Assert.Equal(["sim-echo"], models);
        Assert.True(updates > 3);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_the_sdk_reports()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("no-such-model").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-model", error.Message);
    }
}
