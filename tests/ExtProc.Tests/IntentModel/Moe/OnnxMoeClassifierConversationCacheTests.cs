using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.Tests.IntentModel.Tokenizer;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.IntentModel.Moe;

/// <summary>
/// Request N+1 of a conversation through the classifier: its earlier user turn was request N's latest message, so
/// only the new texts reach the encoder. The committed head scores; the encoder is a stand-in that counts rows.
/// </summary>
public sealed class OnnxMoeClassifierConversationCacheTests : IDisposable
{
    private static readonly RouteDescription[] Routes =
    [
        new("bug_fixing", "Find and fix bugs in existing code."),
        new("code_explanation", "Explain what a piece of existing code does."),
    ];

    private static readonly string PastedFile =
        "Why does this crash?\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"def step_{i}(x):\n    return x[{i}]\n\n"));

    private readonly OnnxRuntimeEnvironment _environment = new();
    private readonly WindowDigestEncoderSession _session = new();

    [Fact]
    public async Task AFollowUpEncodesOnlyItsNewTexts()
    {
        using var classifier = Classifier(TokenWindowEmbeddingCache.DefaultCapacity);
        await classifier.ClassifyAsync([ChatTurn.User(PastedFile)], Routes, CancellationToken.None);
        var afterFirstRequest = _session.RowsEncoded; // the file, its instruction ("Why does this crash?") and both routes

        await classifier.ClassifyAsync(
            [ChatTurn.User(PastedFile), ChatTurn.Assistant("Index 59 is past the end of short inputs."), ChatTurn.User("fix it")],
            Routes, CancellationToken.None);

        Assert.Equal(2 + Routes.Length, afterFirstRequest);
        Assert.Equal(2, _session.RowsEncoded - afterFirstRequest); // the follow-up and the answer; the file was a hit
    }

    [Fact]
    public async Task ACachedEarlierTurnGivesTheSameDecisionAsAFreshOne()
    {
        ChatTurn[] followUp = [ChatTurn.User(PastedFile), ChatTurn.Assistant("Index 59 is past the end of short inputs."), ChatTurn.User("fix it")];
        using var cached = Classifier(TokenWindowEmbeddingCache.DefaultCapacity);
        using var uncached = Classifier(0);
        await cached.ClassifyAsync([ChatTurn.User(PastedFile)], Routes, CancellationToken.None);

        var fromCache = await cached.ClassifyAsync(followUp, Routes, CancellationToken.None);
        var fresh = await uncached.ClassifyAsync(followUp, Routes, CancellationToken.None);

        Assert.Equal(fresh.Route, fromCache.Route);
        Assert.Equal(fresh.Scores.Select(s => s.Score), fromCache.Scores.Select(s => s.Score));
        Assert.True(cached.ConversationCache!.Hits >= 1);
    }

    public void Dispose() => _environment.Dispose();

    private OnnxMoeClassifier Classifier(int cacheCapacity) => new(
        new TextEmbedder(new TokenizerFixture().Tokenizer, new SentenceEncoder(_session), cache: new TokenWindowEmbeddingCache(cacheCapacity)),
        _environment.CreateSession(Path.Combine(RepositoryPaths.Root, MoeModelFiles.DefaultHeadPath)));
}
