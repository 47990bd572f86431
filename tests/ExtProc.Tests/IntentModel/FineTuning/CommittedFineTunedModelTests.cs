using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

/// <summary>
/// The committed fine-tuned model (base encoder + models/use-lite-finetuned.delta16, models/moe-head-finetuned.onnx)
/// on the end-to-end examples of the routing-model issue (those EndToEnd/OnnxRoutingTests sends through the stack), and
/// its int8 variant (the same deltas converted with int8 dense layers, models/moe-head-finetuned-int8.onnx).
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class CommittedFineTunedModelTests(EncoderFixture fixture) : IDisposable
{
    private static readonly RouteDescription[] CodingRoutes =
    [
        new("code_generation", "Write new code: implement a function, class, script or feature from a description."),
        new("bug_fixing", "Find and fix bugs in existing code, given an error, a failing test or a description of wrong behaviour."),
        new("code_explanation", "Explain what a piece of existing code does and how it works."),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("committed-fine-tuned-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(EncoderPrecision.Float32)]
    [InlineData(EncoderPrecision.Int8)]
    public async Task ClassifiesTheRoutingIssuesEndToEndExamples(EncoderPrecision precision)
    {
        var root = RepositoryPaths.Root;
        var files = precision == EncoderPrecision.Int8 ? MoeModelFiles.FineTunedInt8Under(root) : MoeModelFiles.FineTunedUnder(root);
        var encoderPath = Path.Combine(_directory, $"fine-tuned-{precision}.onnx");
        FineTunedEncoderConverter.Convert(fixture.TfjsDirectory, files.EncoderDeltaPath!, encoderPath, precision);
        using var encoder = new SentenceEncoder(fixture.Environment, encoderPath);
        var classifier = new OnnxMoeClassifier(new TextEmbedder(new TokenizerFixture().Tokenizer, encoder),
            fixture.Environment.CreateSession(files.HeadPath));
        async Task<string> Classify(params ChatTurn[] conversation) =>
            (await classifier.ClassifyAsync(conversation, CodingRoutes, CancellationToken.None)).Route;

        Assert.Equal("code_generation", await Classify(
            ChatTurn.User("Write a Python function that parses an ISO 8601 date string and returns a datetime object.")));
        Assert.Equal("bug_fixing", await Classify(
            ChatTurn.User("My function crashes with IndexError when the list is empty:\n\ndef first(xs):\n    return xs[0]"),
            ChatTurn.Assistant("The function indexes the list without checking its length."),
            ChatTurn.User("fix it")));
        Assert.Equal(IntentDecision.Other, await Classify(ChatTurn.User("What is a good recipe for a vegetarian lasagna for six people?")));
    }
}
