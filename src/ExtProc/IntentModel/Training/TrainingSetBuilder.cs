using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>Turns routing cases into head inputs, embedding every distinct text once through the cache.</summary>
public static class TrainingSetBuilder
{
    /// <summary>Texts the cases need embedded: views (with the instruction view when it is a text of its own) and route texts.</summary>
    public static IEnumerable<string> TextsOf(IEnumerable<RoutingCase> cases)
    {
        foreach (var routingCase in cases)
        {
            foreach (var text in ViewTexts.From(ConversationViews.From(ConversationTrimmer.Trim(routingCase.Messages))).ToEmbed())
                yield return text;
            foreach (var route in routingCase.Routes) yield return MoeFeatureBuilder.RouteText(route);
        }
    }

    /// <summary>Builds examples from cases whose texts are all in <paramref name="cache"/>.</summary>
    public static List<TrainingExample> Build(IEnumerable<RoutingCase> cases, EmbeddingCache cache)
    {
        var examples = new List<TrainingExample>();
        foreach (var routingCase in cases)
        {
            var trimmed = ConversationTrimmer.Trim(routingCase.Messages);
            var routeEmbeddings = routingCase.Routes.Select(r => Get(cache, MoeFeatureBuilder.RouteText(r))).ToArray();
            var input = ViewTexts.From(ConversationViews.From(trimmed))
                .Build(trimmed.Count, routingCase.Routes, text => Get(cache, text), routeEmbeddings);
            var target = routingCase.Routes.Count;
            for (var r = 0; r < routingCase.Routes.Count; r++)
                if (routingCase.Routes[r].Name == routingCase.Expected) target = r;
            examples.Add(new TrainingExample(input, target, routingCase.Source, routingCase.Category));
        }
        return examples;
    }

    private static float[] Get(EmbeddingCache cache, string text) =>
        cache.TryGet(text, out var embedding) ? embedding : throw new InvalidOperationException("Text missing from the embedding cache.");
}
