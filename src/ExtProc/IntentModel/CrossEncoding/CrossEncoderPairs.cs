using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// Builds the cross-encoder's input: the route's "name: description" first, then the conversation's user text (the
/// earlier user turns, then the latest message) in the rest of the encoder's 128-token window, so that attention can
/// compare the request with the task description token by token rather than through two pooled vectors.
/// </summary>
public static class CrossEncoderPairs
{
    /// <summary>A route text longer than this keeps its head and tail, so every pair leaves room for the conversation.</summary>
    public const int RouteWindow = 48;

    public const int PairWindow = 128;

    public static List<CrossEncoderExample> Build(IEnumerable<RoutingCase> cases, SentencePieceTokenizer tokenizer)
    {
        var routeIds = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var examples = new List<CrossEncoderExample>();
        foreach (var routingCase in cases)
        {
            var views = ConversationViews.From(ConversationTrimmer.Trim(routingCase.Messages));
            var conversation = MoeFeatureBuilder.PreviousUserText(views) is { } previous
                ? previous + "\n" + views.LatestUserMessage
                : views.LatestUserMessage;
            var pairs = new List<int[]>(routingCase.Routes.Count);
            foreach (var route in routingCase.Routes)
            {
                var text = MoeFeatureBuilder.RouteText(route);
                if (!routeIds.TryGetValue(text, out var ids)) routeIds[text] = ids = tokenizer.EncodeHeadTail(text, RouteWindow);
                pairs.Add([.. ids, .. tokenizer.EncodeHeadTail(conversation, PairWindow - ids.Length)]);
            }
            var target = routingCase.Routes.Count;
            for (var r = 0; r < routingCase.Routes.Count; r++)
                if (routingCase.Routes[r].Name == routingCase.Expected) target = r;
            examples.Add(new CrossEncoderExample(routingCase.Id, routingCase.Routes.Select(r => r.Name).ToArray(), pairs, target, routingCase.Source));
        }
        return examples;
    }
}
