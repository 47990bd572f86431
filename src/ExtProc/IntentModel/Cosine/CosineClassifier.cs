using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.IntentModel.Cosine;

/// <summary>
/// Zero-shot baseline: cosine between the latest user message and each route's "name: description", both embedded
/// by USE-Lite; the best route wins unless its cosine is below one global threshold (chosen on train data).
/// </summary>
public sealed class CosineClassifier(TextEmbedder embedder, float otherThreshold = CosineClassifier.DefaultOtherThreshold,
    IDisposable? ownedEncoder = null, TimeProvider? timeProvider = null) : IIntentClassifier, IDisposable
{
    public const string ClassifierName = "cosine";

    /// <summary>Chosen on a subsample of train by <c>extproc-router train</c> (printed as "cosine threshold").</summary>
    public const float DefaultOtherThreshold = 0.2154f;

    private readonly RouteEmbeddingCache _routes = new();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public string Name => ClassifierName;

    public float OtherThreshold => otherThreshold;

    public static CosineClassifier Load(IInferenceSessionFactory sessions, MoeModelFiles files, float otherThreshold = DefaultOtherThreshold,
        OnnxSessionOptions? options = null)
    {
        files.EnsureEncoder();
        var encoder = new SentenceEncoder(sessions, files.EncoderPath, options);
        return new CosineClassifier(new TextEmbedder(SentencePieceTokenizer.Load(files.VocabularyPath), encoder), otherThreshold, encoder);
    }

    public ValueTask<IntentDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(routes);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        var latest = ConversationViews.From(conversation).LatestUserMessage;
        var routeEmbeddings = _routes.GetOrEmbed(routes, embedder, cancellationToken);
        var query = embedder.Embed([latest], cancellationToken)[0];
        var cosines = new float[routes.Count];
        for (var r = 0; r < routes.Count; r++) cosines[r] = VectorMath.Cosine(query, routeEmbeddings[r]);
        var (route, confidence) = Decide(routes, cosines, otherThreshold);
        var scores = new RouteScore[routes.Count];
        for (var r = 0; r < routes.Count; r++) scores[r] = new RouteScore(routes[r].Name, cosines[r]);
        return ValueTask.FromResult(new IntentDecision(route, confidence, scores, _timeProvider.GetElapsedTime(started)));
    }

    /// <summary>The best route by cosine, or "other" when it is below <paramref name="threshold"/>.</summary>
    public static (string Route, double Confidence) Decide(IReadOnlyList<RouteDescription> routes, ReadOnlySpan<float> cosines, float threshold)
    {
        var best = -1;
        for (var r = 0; r < cosines.Length; r++) if (best < 0 || cosines[r] > cosines[best]) best = r;
        if (best < 0 || cosines[best] < threshold) return (IntentDecision.Other, best < 0 ? 1.0 : Math.Clamp(threshold - cosines[best], 0, 1));
        return (routes[best].Name, Math.Clamp(cosines[best], 0, 1));
    }

    public void Dispose() => ownedEncoder?.Dispose();
}
