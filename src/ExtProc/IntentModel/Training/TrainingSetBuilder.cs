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
            var views = ConversationViews.From(ConversationTrimmer.Trim(routingCase.Messages));
            yield return views.LatestUserMessage;
            if (MoeFeatureBuilder.PreviousUserText(views) is { } previous) yield return previous;
            if (views.LastAssistantMessage is { } assistant) yield return assistant;
            var instruction = MoeFeatureBuilder.InstructionText(views);
            if (MoeFeatureBuilder.IsSeparateInstruction(views, instruction)) yield return instruction;
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
            var views = ConversationViews.From(trimmed);
            var routeEmbeddings = routingCase.Routes.Select(r => Get(cache, MoeFeatureBuilder.RouteText(r))).ToArray();
            var previous = MoeFeatureBuilder.PreviousUserText(views);
            var instruction = MoeFeatureBuilder.InstructionText(views);
            var input = MoeFeatureBuilder.Build(views, instruction, trimmed.Count, routingCase.Routes, Get(cache, views.LatestUserMessage),
                previous is null ? null : Get(cache, previous),
                views.LastAssistantMessage is null ? null : Get(cache, views.LastAssistantMessage),
                MoeFeatureBuilder.IsSeparateInstruction(views, instruction) ? Get(cache, instruction) : null, routeEmbeddings);
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
