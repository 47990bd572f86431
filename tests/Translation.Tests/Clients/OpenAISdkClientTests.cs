using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;
using OpenAI;
using OpenAI.Chat;

namespace ExtProcRouter.Tests.Translation.Clients;

/// <summary>
/// The official OpenAI .NET SDK (2.15.0) parses what the translators produce from Anthropic and Gemini answers,
/// streamed and not, including tool calls, usage and errors.
/// </summary>
public sealed class OpenAISdkClientTests
{
    private static ChatClient NewClient(TranslatingHandler handler) =>
        new("router:general", new ApiKeyCredential("test-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://router.test/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    private static readonly ChatMessage[] Conversation = [new SystemChatMessage("Be brief."), new UserChatMessage("Weather in San Francisco?")];

    private static ChatCompletionOptions WithTool() => new()
    {
        Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather for a city", BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}}}""")) },
    };

    [Fact]
    public void Streaming_from_an_Anthropic_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, _ => (200, Fixture.Bytes("OpenAIChat-AnthropicMessages/stream.sse")));
        var text = new StringBuilder();
        var arguments = new StringBuilder();
        string? toolName = null;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        foreach (var update in NewClient(handler).CompleteChatStreaming(Conversation, WithTool()))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            foreach (var call in update.ToolCallUpdates)
            {
                toolName ??= call.FunctionName;
                if (call.FunctionArgumentsUpdate is { } fragment) arguments.Append(fragment.ToString());
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            Assert.Equal("router/served-model", update.Model);
        }

        Assert.Equal("Okay, let's check the weather for San Francisco, CA — 世界 🙂 \"now\":", text.ToString());
        Assert.Equal("get_weather", toolName);
        JsonAssert.Equivalent("""{"location": "San Francisco, CA"}""", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(572, usage!.InputTokenCount);
        Assert.Equal(89, usage.OutputTokenCount);
        Assert.Equal(100, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal("/v1/messages", handler.Requests[0].Path);
    }

    [Fact]
    public void Non_streaming_from_an_Anthropic_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, _ => (200, Fixture.Bytes("OpenAIChat-AnthropicMessages/response.json")));
        ChatCompletion completion = NewClient(handler).CompleteChat(Conversation, WithTool());
        Assert.Equal("Hi! I'll check the weather, 世界 🙂.", completion.Content[0].Text);
        Assert.Equal("get_weather", completion.ToolCalls[0].FunctionName);
        JsonAssert.Equivalent("""{"city":"Paris","unit":"celsius"}""", completion.ToolCalls[0].FunctionArguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal(3895, completion.Usage.InputTokenCount);
        Assert.Equal("router/served-model", completion.Model);
    }

    [Fact]
    public void Streaming_from_a_Gemini_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, ApiFormat.Gemini, _ => (200, Fixture.Bytes("OpenAIChat-Gemini/stream.sse")));
        var text = new StringBuilder();
        string? toolName = null, toolId = null;
        var arguments = new StringBuilder();
        ChatTokenUsage? usage = null;
        foreach (var update in NewClient(handler).CompleteChatStreaming(Conversation, WithTool()))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            foreach (var call in update.ToolCallUpdates)
            {
                toolName ??= call.FunctionName;
                toolId ??= call.ToolCallId;
                if (call.FunctionArgumentsUpdate is { } fragment) arguments.Append(fragment.ToString());
            }
            usage ??= update.Usage;
        }
        Assert.Equal("Hello, 世界 🙂 \"quoted\"\n", text.ToString());
        Assert.Equal("get_weather", toolName);
        Assert.Equal("call_r1_0", toolId);
        JsonAssert.Equivalent("""{"city":"Paris"}""", arguments.ToString());
        Assert.Equal(11, usage!.OutputTokenCount);
        Assert.EndsWith(":streamGenerateContent?alt=sse", handler.Requests[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_streaming_from_a_Gemini_upstream()
    {
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, ApiFormat.Gemini, _ => (200, Fixture.Bytes("OpenAIChat-Gemini/response.json")));
        ChatCompletion completion = NewClient(handler).CompleteChat(Conversation, WithTool());
        Assert.Equal("Checking — 世界 🙂 \"now\".", completion.Content[0].Text);
        Assert.Equal("get_weather", completion.ToolCalls[0].FunctionName);
        Assert.Equal(42, completion.Usage.OutputTokenCount);
    }

    [Theory]
    [InlineData(ApiFormat.AnthropicMessages, "OpenAIChat-AnthropicMessages/error.json", 529, "Overloaded")]
    [InlineData(ApiFormat.Gemini, "OpenAIChat-Gemini/error.json", 429, "Resource has been exhausted")]
    public void Provider_errors_surface_as_SDK_exceptions_with_the_message(ApiFormat provider, string fixture, int status, string message)
    {
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, provider, _ => (status, Fixture.Bytes(fixture)));
        var error = Assert.Throws<ClientResultException>(() => NewClient(handler).CompleteChat(Conversation));
        Assert.Equal(status, error.Status);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_stream_surfaces_as_an_error_not_a_hang()
    {
        var truncated = Fixture.Bytes("OpenAIChat-AnthropicMessages/stream.sse")[..900];
        var handler = new TranslatingHandler(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, _ => (200, truncated));
        var updates = 0;
        ChatFinishReason? finish = null;
        foreach (var update in NewClient(handler).CompleteChatStreaming(Conversation))
        {
            updates++;
            finish ??= update.FinishReason;
        }
        // The .NET SDK ends the enumeration at the error chunk (the Python SDK raises APIError on it); either way the
        // client stops promptly and never sees a normal finish.
        Assert.True(updates > 0);
        Assert.Null(finish);
        var raw = Encoding.UTF8.GetString(TranslationRun.Response(OpenAIToAnthropicNew(), 200, true, truncated));
        Assert.DoesNotContain("[DONE]", raw, StringComparison.Ordinal);
        Assert.EndsWith("\"code\":\"invalid_upstream_response\"}}\n\n", raw, StringComparison.Ordinal);
    }

    private static ITranslator OpenAIToAnthropicNew()
    {
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages);
        translator.TranslateRequest("""{"model":"m","messages":[],"stream":true}"""u8, new UpstreamTarget("u", "s", "/v1"));
        return translator;
    }
}
