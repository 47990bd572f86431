using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.Tests.IntentModel.Encoder;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

/// <summary>
/// The serving path of a fine-tuned encoder: C# weights -> fp16 delta file -> base TF.js weights + deltas -> ONNX must
/// compute what the C# training forward pass computes with the tuned weights.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class FineTunedEncoderParityTests(EncoderFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fine-tuned-encoder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheServingEncoderBuiltFromTheDeltaFileMatchesTheTrainingForwardPass()
    {
        var baseWeights = TfjsWeights.Load(fixture.TfjsDirectory);
        var tuned = TrainableUseLiteEncoder.FromTfjs(baseWeights);
        var original = tuned.AllParameters.ToDictionary(p => p.Name, p => (float[])p.Value.Clone(), StringComparer.Ordinal);
        // Stand-in for training: move every weight of the upper layer and the tanh projection by up to 2e-3.
        var random = new Random(11);
        foreach (var parameter in tuned.AllParameters.Where(p => p.Name.Contains("Layer_1", StringComparison.Ordinal) || p.Name.Contains("tanh_layer", StringComparison.Ordinal)))
            for (var i = 0; i < parameter.Value.Length; i++) parameter.Value[i] += (float)(random.NextDouble() - 0.5) * 4e-3f;
        var deltasPath = Path.Combine(_directory, "tuned.delta16");
        FineTunedWeightsFile.Save(deltasPath, FineTunedWeightsFile.Deltas(tuned.AllParameters.Select(p => (p.Name, p.Shape, p.Value)), original));
        var onnxPath = Path.Combine(_directory, "tuned.onnx");

        FineTunedEncoderConverter.Convert(fixture.TfjsDirectory, deltasPath, onnxPath);

        using var serving = new SentenceEncoder(fixture.Environment, onnxPath);
        var sequences = fixture.Reference.Select(r => r.Ids.Take(SentenceEncoder.MaxTokens).ToArray()).ToList();
        var served = serving.Embed(sequences);
        var frozen = fixture.Encoder.Embed(sequences);
        var embedding = new float[tuned.Dimensions];
        float parity = 0, moved = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            tuned.Embed(sequences[i], embedding);
            for (var j = 0; j < embedding.Length; j++)
            {
                parity = Math.Max(parity, Math.Abs(embedding[j] - served[i][j]));
                moved = Math.Max(moved, Math.Abs(frozen[i][j] - served[i][j]));
            }
        }
        Assert.True(parity < 1e-4f, $"serving vs training: max abs diff {parity:E2}");
        Assert.True(moved > 1e-3f, $"the deltas changed the served embeddings by at most {moved:E2}");
    }
}
