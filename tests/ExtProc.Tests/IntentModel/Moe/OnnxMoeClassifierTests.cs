using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.IntentModel.Moe;

/// <summary>End to end with the committed head (models/moe-head.onnx) over the encoder the fixture converts.</summary>
[Collection(EncoderCollection.Name)]
public sealed class OnnxMoeClassifierTests(EncoderFixture fixture) : IDisposable
{
    private static readonly RouteDescription[] SoftwareEngineering =
    [
        new("code_generation", "Write new code: implement a function, class, script or feature from a description."),
        new("bug_fixing", "Find and fix bugs in existing code, given an error, a failing test or a description of wrong behaviour."),
        new("code_explanation", "Explain what a piece of existing code does and how it works."),
        new("documentation", "Write docstrings, comments or README text for existing code."),
    ];

    private readonly OnnxMoeClassifier _classifier = new(
        new TextEmbedder(new TokenizerFixture().Tokenizer, fixture.Encoder),
        fixture.Environment.CreateSession(Path.Combine(RepositoryPaths.Root, MoeModelFiles.DefaultHeadPath)));

    [Fact]
    public void ReportsTheNameItWasConfiguredUnder()
    {
        using var named = new OnnxMoeClassifier(new TextEmbedder(new TokenizerFixture().Tokenizer, fixture.Encoder),
            fixture.Environment.CreateSession(Path.Combine(RepositoryPaths.Root, MoeModelFiles.FineTunedInt8HeadPath)),
            name: ExtProcRouter.Configuration.IntentModelConfig.OnnxFineTunedInt8);

        Assert.Equal("onnx-finetuned-int8", named.Name);
        Assert.Equal(OnnxMoeClassifier.ClassifierName, _classifier.Name);
    }

    [Fact]
    public async Task ACodingRequestRoutesToCodeGeneration()
    {
        var decision = await _classifier.ClassifyAsync(
            [ChatTurn.User("Write a Python function that parses an ISO 8601 date string and returns a datetime object.")],
            SoftwareEngineering, CancellationToken.None);

        Assert.Equal("code_generation", decision.Route);
        Assert.Equal(SoftwareEngineering.Length, decision.Scores.Count);
    }

    [Fact]
    public async Task FixItAfterABugReportRoutesToBugFixing()
    {
        var decision = await _classifier.ClassifyAsync(
        [
            ChatTurn.User("My function crashes with IndexError: list index out of range.\n\ndef last(xs):\n    return xs[len(xs)]"),
            ChatTurn.Assistant("The index len(xs) is one past the end of the list; the last element is at len(xs) - 1."),
            ChatTurn.User("fix it"),
        ], SoftwareEngineering, CancellationToken.None);

        Assert.Equal("bug_fixing", decision.Route);
    }

    [Fact]
    public async Task AnUnrelatedRequestFallsToOther()
    {
        var decision = await _classifier.ClassifyAsync(
            [ChatTurn.User("What's a good recipe for a vegetarian lasagna for six people?")], SoftwareEngineering, CancellationToken.None);

        Assert.Equal(IntentDecision.Other, decision.Route);
        Assert.InRange(decision.Confidence, 0, 1);
    }

    [Fact]
    public async Task NoRoutesMeansOther()
    {
        var decision = await _classifier.ClassifyAsync([ChatTurn.User("hello")], [], CancellationToken.None);

        Assert.True(decision.IsOther);
    }

    /// <summary>Disposes the head session only: the classifier does not own the fixture's encoder.</summary>
    public void Dispose() => _classifier.Dispose();
}
