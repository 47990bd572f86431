using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.IntentModel.Keyword;

/// <summary>
/// Baseline classifier: BM25 of the conversation's terms against each offered route's name and description,
/// with document frequencies over the offered routes (routes are unseen until request time). Terms of the
/// latest user message weigh most; earlier user turns and the last assistant turn add context for follow-ups.
/// The best route wins unless its normalised score is at or below <see cref="KeywordClassifierOptions.OtherThreshold"/>.
/// </summary>
public sealed class Bm25KeywordClassifier : IIntentClassifier
{
    private readonly KeywordClassifierOptions _options;
    private readonly TimeProvider _timeProvider;

    public Bm25KeywordClassifier(KeywordClassifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? KeywordClassifierOptions.Default;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name => "keyword";

    public ValueTask<IntentDecision> ClassifyAsync(
        IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(routes);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();

        var normalised = Score(conversation, routes);
        var scores = new RouteScore[routes.Count];
        var best = -1;
        for (var i = 0; i < routes.Count; i++)
        {
            scores[i] = new RouteScore(routes[i].Name, normalised[i]);
            if (best < 0 || normalised[i] > normalised[best])
            {
                best = i;
            }
        }

        var chosen = best >= 0 && normalised[best] > _options.OtherThreshold ? routes[best].Name : IntentDecision.Other;
        var confidence = Confidence(normalised, best, chosen == IntentDecision.Other);
        return ValueTask.FromResult(new IntentDecision(chosen, confidence, scores, _timeProvider.GetElapsedTime(started)));
    }

    /// <summary>
    /// Normalised BM25 score per route: the raw score divided by the square root of the query's total weight,
    /// so that long messages (many matching terms) and short ones share one threshold.
    /// </summary>
    internal double[] Score(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes)
    {
        if (routes.Count == 0)
        {
            return [];
        }
        var query = QueryWeights(ConversationViews.From(conversation));
        var documents = new Dictionary<string, int>[routes.Count];
        var lengths = new int[routes.Count];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        for (var i = 0; i < routes.Count; i++)
        {
            terms.Clear();
            KeywordAnalyzer.AddTerms(routes[i].Name, terms);
            KeywordAnalyzer.AddTerms(routes[i].Description, terms);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in terms)
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
            foreach (var term in counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
            documents[i] = counts;
            lengths[i] = terms.Count;
        }

        var averageLength = Math.Max(1.0, lengths.Average());
        var queryWeight = query.Values.Sum();
        var scores = new double[routes.Count];
        if (queryWeight <= 0)
        {
            return scores;
        }
        for (var i = 0; i < routes.Count; i++)
        {
            var score = 0.0;
            var lengthNorm = _options.K1 * (1 - _options.B + _options.B * lengths[i] / averageLength);
            foreach (var (term, weight) in query)
            {
                if (!documents[i].TryGetValue(term, out var tf))
                {
                    continue;
                }
                var n = documentFrequency[term];
                var idf = Math.Log(1 + (routes.Count - n + 0.5) / (n + 0.5));
                score += weight * idf * tf * (_options.K1 + 1) / (tf + lengthNorm);
            }
            scores[i] = score / Math.Sqrt(queryWeight);
        }
        return scores;
    }

    /// <summary>Each distinct term weighs as much as the most important view it appears in.</summary>
    private Dictionary<string, double> QueryWeights(ConversationViews views)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var terms = new List<string>();
        void Add(string text, double weight)
        {
            if (weight <= 0)
            {
                return;
            }
            terms.Clear();
            KeywordAnalyzer.AddTerms(text, terms);
            foreach (var term in terms)
            {
                weights[term] = Math.Max(weights.GetValueOrDefault(term), weight);
            }
        }
        Add(views.LatestUserMessage, 1.0);
        foreach (var previous in views.PreviousUserMessages)
        {
            Add(previous, _options.PreviousUserWeight);
        }
        if (views.LastAssistantMessage is { } assistant)
        {
            Add(assistant, _options.AssistantWeight);
        }
        return weights;
    }

    /// <summary>Softmax over the route scores and the threshold (the "other" logit); the chosen answer's share.</summary>
    private double Confidence(double[] scores, int best, bool chosenOther)
    {
        if (scores.Length == 0)
        {
            return 1.0;
        }
        var max = Math.Max(scores.Max(), _options.OtherThreshold);
        var sum = Math.Exp(_options.OtherThreshold - max);
        foreach (var score in scores)
        {
            sum += Math.Exp(score - max);
        }
        var chosen = chosenOther ? _options.OtherThreshold : scores[best];
        return Math.Exp(chosen - max) / sum;
    }
}
