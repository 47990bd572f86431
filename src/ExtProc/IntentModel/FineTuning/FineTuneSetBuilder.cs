using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// Turns routing cases into fine-tuning examples with the same views and route texts the MoE head uses
/// (<see cref="MoeFeatureBuilder"/>), so that the encoder is tuned on exactly what serving will feed it.
/// </summary>
public static class FineTuneSetBuilder
{
    /// <param name="tokenize">Text to the encoder's token window (serving uses head+tail of 128 tokens).</param>
    public static List<FineTuneExample> Build(IEnumerable<RoutingCase> cases, Func<string, int[]> tokenize)
    {
        var tokenized = new Dictionary<string, TokenizedText>(StringComparer.Ordinal);
        TokenizedText Tokenize(string text)
        {
            if (!tokenized.TryGetValue(text, out var entry)) tokenized[text] = entry = new TokenizedText(text, Nonempty(tokenize(text)));
            return entry;
        }

        var examples = new List<FineTuneExample>();
        foreach (var routingCase in cases)
        {
            var views = ConversationViews.From(ConversationTrimmer.Trim(routingCase.Messages));
            var texts = new List<TokenizedText> { Tokenize(views.LatestUserMessage) };
            var kinds = new List<ConversationViewKind> { ConversationViewKind.LatestUserMessage };
            if (MoeFeatureBuilder.PreviousUserText(views) is { } previous)
            {
                texts.Add(Tokenize(previous));
                kinds.Add(ConversationViewKind.PreviousUserTurns);
            }
            if (views.LastAssistantMessage is { } assistant)
            {
                texts.Add(Tokenize(assistant));
                kinds.Add(ConversationViewKind.LastAssistantTurn);
            }
            var routes = routingCase.Routes.Select(r => new TokenizedRoute(r.Name, Tokenize(MoeFeatureBuilder.RouteText(r)))).ToArray();
            var target = routes.Length;
            for (var r = 0; r < routes.Length; r++)
                if (routes[r].Name == routingCase.Expected) target = r;
            examples.Add(new FineTuneExample(texts, kinds, routes, target, routingCase.Source));
        }
        return examples;
    }

    // The trainable encoder needs at least one token; serving embeds an empty text as all padding instead. Empty
    // latest messages are rare in the data, so the unknown piece stands in for them.
    private static int[] Nonempty(int[] ids) => ids.Length > 0 ? ids : [0];
}
