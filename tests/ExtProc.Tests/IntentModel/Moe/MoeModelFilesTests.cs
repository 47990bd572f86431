using System.Text;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Tests.IntentModel.Encoder;

namespace ExtProcRouter.Tests.IntentModel.Moe;

[Collection(EncoderCollection.Name)]
public sealed class MoeModelFilesTests(EncoderFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moe-model-files-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheInt8FilesHaveTheirOwnEncoderAndHeadButTheSameDeltas()
    {
        var float32 = MoeModelFiles.FineTunedUnder("root");
        var int8 = MoeModelFiles.FineTunedInt8Under("root");

        Assert.Equal(EncoderPrecision.Float32, float32.Precision);
        Assert.Equal(EncoderPrecision.Int8, int8.Precision);
        Assert.NotEqual(float32.EncoderPath, int8.EncoderPath);
        Assert.NotEqual(float32.HeadPath, int8.HeadPath);
        Assert.Equal(Path.Combine("root", MoeModelFiles.FineTunedInt8HeadPath), int8.HeadPath);
        Assert.Equal(float32.EncoderDeltaPath, int8.EncoderDeltaPath);
        Assert.Equal(float32.VocabularyPath, int8.VocabularyPath);
    }

    [Theory]
    [InlineData(EncoderPrecision.Float32, false)]
    [InlineData(EncoderPrecision.Int8, true)]
    public void EnsureEncoderConvertsTheFineTunedEncoderInTheFilesPrecision(EncoderPrecision precision, bool expectIntegerMatMul)
    {
        var deltasPath = Path.Combine(_directory, "tuned.delta16");
        var weights = TfjsWeights.Load(fixture.TfjsDirectory);
        var name = weights.Names.First(n => n.Contains("tanh_layer", StringComparison.Ordinal));
        var shape = weights.Shape(name);
        FineTunedWeightsFile.Save(deltasPath, [new WeightDelta(name, shape, Enumerable.Repeat(1e-3f, weights.Floats(name).Length).ToArray())]);
        var files = new MoeModelFiles("vocab.json", fixture.TfjsDirectory, Path.Combine(_directory, $"encoder-{precision}.onnx"),
            Path.Combine(_directory, "head.onnx"), deltasPath, precision);

        files.EnsureEncoder();

        // The int8 graph quantizes the dense layers into integer matrix products; the float32 graph has none.
        var graph = Encoding.Latin1.GetString(File.ReadAllBytes(files.EncoderPath));
        Assert.Equal(expectIntegerMatMul, graph.Contains("MatMulInteger", StringComparison.Ordinal));
    }
}
