using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

public sealed class FineTunedWeightsFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fine-tuned-weights-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void RoundTripsDeltasWithinHalfPrecisionAndSkipsUnmovedWeights()
    {
        var random = new Random(9);
        var original = new Dictionary<string, float[]>
        {
            ["layer/kernel"] = Enumerable.Range(0, 600).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(),
            ["layer/bias"] = [0.5f, -0.25f],
        };
        var tunedKernel = original["layer/kernel"].Select(v => v + (float)(random.NextDouble() - 0.5) * 1e-3f).ToArray();
        var deltas = FineTunedWeightsFile.Deltas([("layer/kernel", [20, 30], tunedKernel), ("layer/bias", [2], [0.5f, -0.25f])], original);
        var path = Path.Combine(_directory, "weights.delta16");

        FineTunedWeightsFile.Save(path, deltas);
        var loaded = FineTunedWeightsFile.Load(path);

        var kernel = Assert.Single(loaded);
        Assert.Equal("layer/kernel", kernel.Name);
        Assert.Equal([20, 30], kernel.Shape);
        var worst = tunedKernel.Select((v, i) => Math.Abs(original["layer/kernel"][i] + kernel.Values[i] - v)).Max();
        Assert.True(worst < 1e-6f, $"max abs error {worst:E2}");
    }

    [Fact]
    public void TheWholeEncoderFitsTheBudgetAndMoreIsRefused()
    {
        // USE-Lite's weights: 8002x256 embeddings + ~5.2M in the two layers and the tanh projection (~7.25M floats).
        var encoder = new WeightDelta("all", [7_250_000], new float[7_250_000]);
        encoder.Values[0] = 1e-3f;
        var path = Path.Combine(_directory, "encoder.delta16");

        FineTunedWeightsFile.Save(path, [encoder]);

        Assert.InRange(new FileInfo(path).Length, 14_500_000, FineTunedWeightsFile.MaxBytes);
        var tooLarge = new WeightDelta("all", [8_500_000], new float[8_500_000]);
        Assert.Throws<InvalidOperationException>(() => FineTunedWeightsFile.Save(Path.Combine(_directory, "large.delta16"), [tooLarge]));
        Assert.False(File.Exists(Path.Combine(_directory, "large.delta16")));
    }

    [Fact]
    public void RejectsAFileOfAnotherFormat()
    {
        var path = Path.Combine(_directory, "not-weights.bin");
        File.WriteAllBytes(path, "PK\u0003\u0004 not ours"u8.ToArray());

        Assert.Throws<InvalidDataException>(() => FineTunedWeightsFile.Load(path));
    }
}
