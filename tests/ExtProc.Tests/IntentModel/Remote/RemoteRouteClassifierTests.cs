using ExtProcRouter.IntentModel;
using System.Net;
using System.Text.Json;
using ExtProcRouter.IntentModel.Remote;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.IntentModel.Remote;

public sealed class RemoteRouteClassifierTests
{
    private const string SecretKey = "sk-test-secret-0123456789";

    private static readonly RouteDescription[] Routes =
    [
        new("code_generation", "Writing new code."),
        new("bug_fixing", "Fixing errors in code."),
    ];

    private static readonly ChatTurn[] Conversation =
    [
        new(ChatRole.User, "My parser crashes on empty input."),
        new(ChatRole.Assistant, "Show me the code."),
        new(ChatRole.User, "fix it"),
    ];

    private static RemoteRouteClassifierOptions Options(TimeSpan? timeout = null, string? apiKey = null,
        RemotePromptFormat format = RemotePromptFormat.ArchRouter, int maxResponseBytes = 1024 * 1024) => new()
    {
        Endpoint = new Uri("http://router-model.test:8000/v1"),
        Model = "katanemo/Arch-Router-1.5B",
        Format = format,
        ApiKey = apiKey,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        MaxResponseBytes = maxResponseBytes,
    };

    private static RemoteRouteClassifier Classifier(FakeChatCompletionsHandler handler, RemoteRouteClassifierOptions options) =>
        new(new HttpClient(handler), options, TimeProvider.System);

    [Fact]
    public async Task SendsTheFamilyPromptAsOneUserMessageAndReturnsTheRoute()
    {
        var handler = FakeChatCompletionsHandler.Answering("""{"route": "bug_fixing"}""");
        var classifier = Classifier(handler, Options(apiKey: SecretKey));

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteRouteOutcome.Matched, decision.Outcome);
        Assert.Equal("bug_fixing", decision.Route);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://router-model.test:8000/v1/chat/completions", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        Assert.Equal(SecretKey, request.Headers.Authorization.Parameter);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("katanemo/Arch-Router-1.5B", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(0.01, json.RootElement.GetProperty("temperature").GetDouble());
        Assert.False(json.RootElement.GetProperty("stream").GetBoolean());
        var message = Assert.Single(json.RootElement.GetProperty("messages").EnumerateArray().ToList());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(RemoteRoutingPrompt.Build(RemotePromptFormat.ArchRouter, Conversation, Routes, 2048),
            message.GetProperty("content").GetString());
        Assert.Equal((1, 1, 0L), (classifier.Metrics.Calls, classifier.Metrics.Matched, classifier.Metrics.Unavailable));
    }

    [Fact]
    public async Task OrchestratorListAnswerKeepsTheModelsOrderAndDropsUnknownNames()
    {
        var handler = FakeChatCompletionsHandler.Answering("""{"route": ["made_up", "code_generation", "bug_fixing"]}""");
        var classifier = Classifier(handler, Options(format: RemotePromptFormat.PlanoOrchestrator));

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(["code_generation", "bug_fixing"], decision.Routes);
        Assert.Contains("## Instructions", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public async Task OtherIsNoMatchNotAFailure()
    {
        var classifier = Classifier(FakeChatCompletionsHandler.Answering("""{"route": "other"}"""), Options());

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteRouteOutcome.NoMatch, decision.Outcome);
        Assert.Null(decision.Route);
        Assert.Equal((1L, 0L), (classifier.Metrics.NoMatch, classifier.Metrics.Unavailable));
    }

    [Fact]
    public async Task ServerErrorIsUnavailableAndCounted()
    {
        var handler = new FakeChatCompletionsHandler((_, _) =>
            Task.FromResult(FakeChatCompletionsHandler.Json(HttpStatusCode.InternalServerError, """{"error":"boom"}""")));
        var classifier = Classifier(handler, Options(apiKey: SecretKey));

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteRouteOutcome.Unavailable, decision.Outcome);
        Assert.Equal(RemoteUnavailableReason.HttpStatus, decision.UnavailableReason);
        Assert.Equal("HTTP 500", decision.Detail);
        Assert.DoesNotContain(SecretKey, decision.ToString());
        Assert.Equal((1L, 1L), (classifier.Metrics.HttpErrors, classifier.Metrics.Unavailable));
    }

    [Fact]
    public async Task SilentEndpointTimesOutAsUnavailable()
    {
        var handler = new FakeChatCompletionsHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        var classifier = Classifier(handler, Options(timeout: TimeSpan.FromMilliseconds(50)));

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteUnavailableReason.Timeout, decision.UnavailableReason);
        Assert.Equal((1L, 1L), (classifier.Metrics.Timeouts, classifier.Metrics.Unavailable));
    }

    [Fact]
    public async Task CallerCancellationPropagatesAndIsNotCountedAsAFailure()
    {
        var requestSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeChatCompletionsHandler(async (_, token) =>
        {
            requestSeen.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        var classifier = Classifier(handler, Options());
        using var caller = new CancellationTokenSource();

        var call = classifier.ClassifyAsync(Conversation, Routes, caller.Token);
        await requestSeen.Task;
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal((0L, 0L), (classifier.Metrics.Calls, classifier.Metrics.Unavailable));
    }

    [Fact]
    public async Task ConnectionFailureIsUnavailable()
    {
        var handler = new FakeChatCompletionsHandler((_, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));
        var classifier = Classifier(handler, Options());

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteUnavailableReason.Transport, decision.UnavailableReason);
        Assert.Equal(1, classifier.Metrics.TransportErrors);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"choices": []}""")]
    [InlineData("""{"choices": [{"message": {"role": "assistant", "content": 42}}]}""")]
    [InlineData("""{"choices": [{"message": {"role": "assistant", "content": "I cannot decide."}}]}""")]
    public async Task UnreadableReplyIsUnavailable(string body)
    {
        var handler = new FakeChatCompletionsHandler((_, _) =>
            Task.FromResult(FakeChatCompletionsHandler.Json(HttpStatusCode.OK, body)));
        var classifier = Classifier(handler, Options());

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteUnavailableReason.InvalidResponse, decision.UnavailableReason);
        Assert.Equal(1, classifier.Metrics.InvalidResponses);
    }

    [Fact]
    public async Task OversizedReplyIsNotBuffered()
    {
        var handler = FakeChatCompletionsHandler.Answering("""{"route": "bug_fixing"}""" + new string(' ', 4096));
        var classifier = Classifier(handler, Options(maxResponseBytes: 1024));

        var decision = await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal(RemoteUnavailableReason.InvalidResponse, decision.UnavailableReason);
        Assert.Contains("1024", decision.Detail);
    }

    [Fact]
    public async Task NothingToClassifyMakesNoCall()
    {
        var handler = FakeChatCompletionsHandler.Answering("""{"route": "bug_fixing"}""");
        var classifier = Classifier(handler, Options());

        var noUserText = await classifier.ClassifyAsync([new(ChatRole.System, "be nice")], Routes, CancellationToken.None);
        var noRoutes = await classifier.ClassifyAsync(Conversation, [], CancellationToken.None);

        Assert.Equal(RemoteRouteOutcome.NoMatch, noUserText.Outcome);
        Assert.Equal(RemoteRouteOutcome.NoMatch, noRoutes.Outcome);
        Assert.Empty(handler.Requests);
        Assert.Equal(0, classifier.Metrics.Calls);
    }

    [Fact]
    public void InvalidOptionsAreAllReportedByName()
    {
        var options = new RemoteRouteClassifierOptions
        {
            Endpoint = new Uri("ftp://host/v1"),
            Model = " ",
            Timeout = TimeSpan.Zero,
            MaxPromptTokens = 0,
        };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("'endpoint'"));
        Assert.Contains(errors, e => e.Contains("'model'"));
        Assert.Contains(errors, e => e.Contains("'timeout'"));
        Assert.Contains(errors, e => e.Contains("'max_prompt_tokens'"));
        Assert.Throws<ArgumentException>(() => new RemoteRouteClassifier(new HttpClient(), options, TimeProvider.System));
    }

    [Fact]
    public async Task FullChatCompletionsUrlIsUsedAsGiven()
    {
        var handler = FakeChatCompletionsHandler.Answering("""{"route": "bug_fixing"}""");
        var options = new RemoteRouteClassifierOptions { Endpoint = new Uri("http://ollama.test:11434/v1/chat/completions"), Model = "arch-router" };

        await Classifier(handler, options).ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal("http://ollama.test:11434/v1/chat/completions", Assert.Single(handler.Requests).Request.RequestUri!.AbsoluteUri);
        Assert.Null(handler.Requests[0].Request.Headers.Authorization);
    }

    [Fact]
    public async Task AnOutageIsLoggedOnceAndTheRecoveryOnceWithoutTheKey()
    {
        var failing = true;
        var handler = new FakeChatCompletionsHandler((_, _) => Task.FromResult(failing
            ? FakeChatCompletionsHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : FakeChatCompletionsHandler.Completion("""{"route": "bug_fixing"}""")));
        var logger = new CollectingLogger();
        var classifier = new RemoteRouteClassifier(new HttpClient(handler), Options(apiKey: SecretKey), TimeProvider.System, logger);

        for (var i = 0; i < 3; i++)
            await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);
        failing = false;
        await classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Information);
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains(SecretKey));
        Assert.Equal(3, classifier.Metrics.HttpErrors);
    }

    private sealed class CollectingLogger : ILogger<RemoteRouteClassifier>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Entries.Add((logLevel, formatter(state, exception)));
    }
}
