using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The routing model: USE-Lite embeddings of the conversation's views and of each offered route, then the trained
/// mixture-of-experts head (ONNX) scores every route and a learned "none of these" logit in one batched run. Per
/// request: one encoder run (the views plus any route not yet cached) and one head run. Thread-safe.
/// </summary>
public sealed class OnnxMoeClassifier : IIntentClassifier, IDisposable
{
    public const string ClassifierName = "onnx";

    private static readonly string[] Outputs = [MoeGraphNames.Logits];

    private readonly TextEmbedder _embedder;
    private readonly IDisposable? _encoder;
    private readonly IInferenceSession _head;
    private readonly RouteEmbeddingCache _routes;
    private readonly TimeProvider _timeProvider;

    /// <summary>Uses the given parts; disposes <paramref name="head"/> and <paramref name="ownedEncoder"/> with the classifier.</summary>
    /// <param name="name">How reports and logs call it: the configured classifier, e.g. "onnx-finetuned-int8".</param>
    public OnnxMoeClassifier(TextEmbedder embedder, IInferenceSession head, IDisposable? ownedEncoder = null,
        RouteEmbeddingCache? routeCache = null, TimeProvider? timeProvider = null, string name = ClassifierName)
    {
        Name = name;
        _embedder = embedder;
        _head = head;
        _encoder = ownedEncoder;
        _routes = routeCache ?? new RouteEmbeddingCache();
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (!head.OutputNames.Contains(MoeGraphNames.Logits) || !head.InputNames.Contains(MoeGraphNames.RouteSignals))
            throw new ArgumentException($"The head model is not a route head written by {nameof(MoeHeadExporter)}.", nameof(head));
        if (!head.InputNames.Contains(MoeGraphNames.Instruction))
            throw new ArgumentException($"The head model predates the instruction view (no '{MoeGraphNames.Instruction}' input); retrain it with `train`.", nameof(head));
    }

    public string Name { get; }

    /// <summary>The encoder-window cache shared by every view of every request (null when the embedder has none).</summary>
    public TokenWindowEmbeddingCache? ConversationCache => _embedder.Cache;

    /// <summary>Loads tokenizer, encoder (converting it first if needed) and head from <paramref name="files"/>.</summary>
    /// <param name="conversationCacheCapacity">Encoded windows of conversation texts kept for later requests (0: none); see <see cref="TokenWindowEmbeddingCache"/>.</param>
    /// <param name="name">How reports and logs call it (see the constructor).</param>
    public static OnnxMoeClassifier Load(IInferenceSessionFactory sessions, MoeModelFiles files, OnnxSessionOptions? options = null,
        TimeProvider? timeProvider = null, int conversationCacheCapacity = TokenWindowEmbeddingCache.DefaultCapacity, string name = ClassifierName)
    {
        files.EnsureEncoder();
        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        // Spinning intra-op threads of the encoder would hold the cores while the head runs right after it.
        var encoder = new SentenceEncoder(sessions, files.EncoderPath, options ?? new OnnxSessionOptions { AllowThreadSpinning = false });
        try
        {
            // The head is a few small matrix products: one thread, no spinning, so that it neither waits for nor
            // competes with the encoder's intra-op pool that has just finished.
            var head = sessions.CreateSession(files.HeadPath, (options ?? new OnnxSessionOptions()) with { IntraOpThreads = 1, AllowThreadSpinning = false });
            var embedder = new TextEmbedder(tokenizer, encoder, cache: new TokenWindowEmbeddingCache(conversationCacheCapacity));
            return new OnnxMoeClassifier(embedder, head, encoder, timeProvider: timeProvider, name: name);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public ValueTask<IntentDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(routes);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        var views = ConversationViews.From(conversation);
        if (routes.Count == 0)
            return ValueTask.FromResult(new IntentDecision(IntentDecision.Other, 1.0, [], _timeProvider.GetElapsedTime(started)));

        var input = BuildInput(views, conversation.Count, routes, cancellationToken);
        var probabilities = new float[routes.Count + 1];
        Score(input, probabilities, cancellationToken);
        MoeHead.Softmax(probabilities);

        var best = routes.Count; // "other"
        for (var r = 0; r < routes.Count; r++) if (probabilities[r] > probabilities[best]) best = r;
        var scores = new RouteScore[routes.Count];
        for (var r = 0; r < routes.Count; r++) scores[r] = new RouteScore(routes[r].Name, probabilities[r]);
        var chosen = best == routes.Count ? IntentDecision.Other : routes[best].Name;
        return ValueTask.FromResult(new IntentDecision(chosen, probabilities[best], scores, _timeProvider.GetElapsedTime(started)));
    }

    /// <summary>Embeds the views and any uncached route in one encoder run and assembles the head's input.</summary>
    internal MoeInput BuildInput(ConversationViews views, int turnCount, IReadOnlyList<RouteDescription> routes, CancellationToken cancellationToken)
    {
        var viewTexts = ViewTexts.From(views);
        var texts = new List<string>(4 + routes.Count);
        texts.AddRange(viewTexts.ToEmbed());
        var viewCount = texts.Count;

        var routeEmbeddings = new float[routes.Count][];
        var missing = new List<int>();
        for (var r = 0; r < routes.Count; r++)
        {
            if (_routes.TryGet(routes[r], out var cached)) routeEmbeddings[r] = cached;
            else
            {
                missing.Add(r);
                texts.Add(MoeFeatureBuilder.RouteText(routes[r]));
            }
        }

        var embedded = _embedder.Embed(texts, cancellationToken);
        var firstRoute = texts.Count - missing.Count;
        for (var m = 0; m < missing.Count; m++)
        {
            routeEmbeddings[missing[m]] = embedded[firstRoute + m];
            _routes.Add(routes[missing[m]], embedded[firstRoute + m]);
        }
        // Build asks with the very string instances ToEmbed gave, so identity is enough: no hashing of long pastes.
        var viewEmbeddings = new Dictionary<string, float[]>(viewCount, ReferenceEqualityComparer.Instance);
        for (var v = 0; v < viewCount; v++) viewEmbeddings.TryAdd(texts[v], embedded[v]);
        return viewTexts.Build(turnCount, routes, text => viewEmbeddings[text], routeEmbeddings);
    }

    /// <summary>Runs the head: routes + 1 logits into <paramref name="logits"/>.</summary>
    internal void Score(MoeInput input, Span<float> logits, CancellationToken cancellationToken) =>
        RunHead(_head, input, logits, cancellationToken);

    internal static void RunHead(IInferenceSession head, MoeInput input, Span<float> logits, CancellationToken cancellationToken)
    {
        const int w = MoeFeatureLayout.EmbeddingWidth;
        var count = input.RouteCount;
        var routes = new float[count * w];
        for (var r = 0; r < count; r++) input.Routes[r].CopyTo(routes, r * w);
        using var results = head.Run(
        [
            InferenceInput.Float(MoeGraphNames.Latest, input.Latest, 1, w),
            InferenceInput.Float(MoeGraphNames.Previous, input.Previous, 1, w),
            InferenceInput.Float(MoeGraphNames.Assistant, input.Assistant, 1, w),
            InferenceInput.Float(MoeGraphNames.Instruction, input.Instruction, 1, w),
            InferenceInput.Float(MoeGraphNames.Routes, routes, count, w),
            InferenceInput.Float(MoeGraphNames.RouteSignals, input.RouteSignals, count, MoeFeatureLayout.RouteSignalCount),
            InferenceInput.Float(MoeGraphNames.CaseSignals, input.CaseSignals, 1, MoeFeatureLayout.CaseSignalCount),
        ], Outputs, cancellationToken);
        results.GetFloats(0)[..(count + 1)].CopyTo(logits);
    }

    public void Dispose()
    {
        _head.Dispose();
        _encoder?.Dispose();
    }
}
