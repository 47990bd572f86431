using System.Buffers.Binary;
using ExtProcRouter.IntentModel.Encoder;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

public sealed class TfjsWeightsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfjs-weights-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteModel(string manifest, params byte[][] shards)
    {
        File.WriteAllText(Path.Combine(_directory, "model.json"), "{\"modelTopology\":{},\"weightsManifest\":" + manifest + "}");
        for (var i = 0; i < shards.Length; i++) File.WriteAllBytes(Path.Combine(_directory, $"shard{i + 1}"), shards[i]);
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    [Fact]
    public void ReadsWeightsSplitAcrossShardsInOrder()
    {
        var all = Floats(1, 2, 3, 4, 5);
        var seven = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(seven, 7);
        WriteModel("""
            [{"paths":["shard1","shard2"],"weights":[
              {"name":"w","shape":[2,2],"dtype":"float32"},
              {"name":"s","shape":[],"dtype":"float32"},
              {"name":"n","shape":[],"dtype":"int32"}]}]
            """, all[..6], [.. all[6..], .. seven]);

        var weights = TfjsWeights.Load(_directory);

        Assert.Equal([1f, 2f, 3f, 4f], weights.Floats("w", 2, 2));
        Assert.Equal(5f, weights.FloatScalar("s"));
        Assert.Equal(7, weights.IntScalar("n"));
    }

    [Fact]
    public void ShapeMismatchNamesTheWeight()
    {
        WriteModel("""[{"paths":["shard1"],"weights":[{"name":"w","shape":[2,2],"dtype":"float32"}]}]""", Floats(1, 2, 3, 4));

        var error = Assert.Throws<InvalidDataException>(() => TfjsWeights.Load(_directory).Floats("w", 4, 1));

        Assert.Contains("'w' has shape [2, 2], expected [4, 1]", error.Message);
    }

    [Fact]
    public void MissingWeightAndShortShardsAreClearErrors()
    {
        WriteModel("""[{"paths":["shard1"],"weights":[{"name":"w","shape":[3],"dtype":"float32"}]}]""", Floats(1, 2));

        var shortShard = Assert.Throws<InvalidDataException>(() => TfjsWeights.Load(_directory));
        Assert.Contains("'w' runs past the end", shortShard.Message);

        WriteModel("""[{"paths":["shard1"],"weights":[{"name":"w","shape":[2],"dtype":"float32"}]}]""", Floats(1, 2));
        Assert.Contains("no weight named 'v'", Assert.Throws<InvalidDataException>(() => TfjsWeights.Load(_directory).Floats("v")).Message);
    }

    [Fact]
    public void QuantizedWeightsAreRefused()
    {
        WriteModel("""[{"paths":["shard1"],"weights":[{"name":"q","shape":[4],"dtype":"float32","quantization":{"dtype":"uint8"}}]}]""", new byte[4]);

        Assert.Throws<NotSupportedException>(() => TfjsWeights.Load(_directory));
    }
}
