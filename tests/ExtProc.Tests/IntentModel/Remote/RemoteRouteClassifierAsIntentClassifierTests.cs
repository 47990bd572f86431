using System.Net;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Remote;

namespace ExtProcRouter.Tests.IntentModel.Remote;

/// <summary>The remote backend as a router's <see cref="IIntentClassifier"/>.</summary>
public sealed class RemoteRouteClassifierAsIntentClassifierTests
{
    private static readonly RouteDescription[] Routes = [new("code_generation", "Writing new code."), new("bug_fixing", "Fixing errors in code.")];
    private static readonly ChatTurn[] Conversation = [ChatTurn.User("My parser crashes."), ChatTurn.Assistant("Show me."), ChatTurn.User("fix it")];

    private static IIntentClassifier Classifier(FakeChatCompletionsHandler handler) => new RemoteRouteClassifier(new HttpClient(handler),
        new RemoteRouteClassifierOptions { Endpoint = new Uri("http://router-model.test/v1"), Model = "arch-router" }, TimeProvider.System);

    [Fact]
    public async Task A_matched_route_is_the_task()
    {
        var decision = await Classifier(FakeChatCompletionsHandler.Answering("""{"route": "bug_fixing"}""")).ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.Equal("bug_fixing", decision.Route);
    }

    [Theory]
    [InlineData("""{"route": "other"}""")]
    [InlineData("""{"route": []}""")]
    [InlineData("""{"route": "not_offered"}""")]
    public async Task No_match_is_other(string answer)
    {
        var decision = await Classifier(FakeChatCompletionsHandler.Answering(answer)).ClassifyAsync(Conversation, Routes, CancellationToken.None);

        Assert.True(decision.IsOther);
    }

    [Fact]
    public async Task An_unavailable_model_throws_so_the_router_uses_its_fallback_models()
    {
        var classifier = Classifier(new FakeChatCompletionsHandler((_, _) =>
            Task.FromResult(FakeChatCompletionsHandler.Json(HttpStatusCode.InternalServerError, """{"error": {"message": "down"}}"""))));

        var error = await Assert.ThrowsAsync<RemoteClassifierUnavailableException>(() => classifier.ClassifyAsync(Conversation, Routes, CancellationToken.None).AsTask());

        Assert.Equal(RemoteUnavailableReason.HttpStatus, error.Reason);
        Assert.Equal("remote", classifier.Name);
    }
}
