using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

/// <summary>
/// A tiny separable routing task over token ids: topic k's messages use tokens from their own band, topic k's route
/// text is the single token 1 + k. A case offers three of the four routes; when its topic's route is not offered the
/// answer is "other". A random bag-of-embeddings encoder starts near chance; tuning the table solves it.
/// </summary>
internal static class SyntheticRouting
{
    public const int Topics = 4;
    public const int Vocabulary = 1 + Topics + Topics * 3;

    public static List<FineTuneExample> Cases(int seed, int count, string source = "synthetic.jsonl")
    {
        var random = new Random(seed);
        var routes = Enumerable.Range(0, Topics)
            .Select(k => new TokenizedRoute($"route_{k}", new TokenizedText($"route {k}", [1 + k]))).ToArray();
        var examples = new List<FineTuneExample>();
        for (var n = 0; n < count; n++)
        {
            var topic = random.Next(Topics);
            var band = 1 + Topics + topic * 3;
            var ids = Enumerable.Range(0, 2 + random.Next(3)).Select(_ => band + random.Next(3)).ToArray();
            var left = random.Next(Topics);
            var offered = routes.Where((_, k) => k != left).ToArray();
            var target = Array.FindIndex(offered, r => r.Name == $"route_{topic}");
            examples.Add(new FineTuneExample([new TokenizedText(string.Join(' ', ids), ids)], [ConversationViewKind.LatestUserMessage],
                offered, target < 0 ? offered.Length : target, source));
        }
        return examples;
    }
}
