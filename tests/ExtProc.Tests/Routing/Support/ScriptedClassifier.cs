using ExtProcRouter.IntentModel;
using ExtProcRouter.Routing.Routers;

namespace ExtProcRouter.Tests.Routing.Support;

/// <summary>Answers the route a test sets, and remembers what it was asked.</summary>
internal sealed class ScriptedClassifier : IIntentClassifier, IIntentClassifierProvider
{
    public string Route { get; set; } = IntentDecision.Other;
    public Exception? Throw { get; set; }
    public List<(IReadOnlyList<ChatTurn> Conversation, IReadOnlyList<RouteDescription> Routes)> Calls { get; } = [];

    public string Name => "scripted";

    public IIntentClassifier Get(string name) => this;

    public ValueTask<IntentDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes,
        CancellationToken cancellationToken)
    {
        Calls.Add((conversation, routes));
        if (Throw is not null) throw Throw;
        return ValueTask.FromResult(new IntentDecision(Route, 1, [], TimeSpan.Zero));
    }
}
