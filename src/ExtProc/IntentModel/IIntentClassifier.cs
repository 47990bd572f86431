namespace ExtProcRouter.IntentModel;

/// <summary>
/// Matches a conversation to one of a router's routes. Implementations: the keyword/BM25 baseline, the ONNX
/// mixture-of-experts model, a remote routing model. The conversation has already been trimmed
/// (see <c>Conversation.ConversationTrimmer</c>); its last turn is normally the user's request.
/// </summary>
public interface IIntentClassifier
{
    /// <summary>A short stable name for reports and metrics, e.g. <c>keyword</c>.</summary>
    string Name { get; }

    ValueTask<IntentDecision> ClassifyAsync(
        IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes,
        CancellationToken cancellationToken);
}
