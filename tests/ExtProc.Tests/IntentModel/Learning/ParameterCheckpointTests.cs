using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class ParameterCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("checkpoint-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AnEncoderRoundTripsExactly()
    {
        var path = Path.Combine(_directory, "encoder.ckpt");
        var saved = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 1);
        var restored = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 2);
        int[] sequence = [1, 2, 3];

        ParameterCheckpoint.Save(path, saved.AllParameters);
        ParameterCheckpoint.Load(path, restored.AllParameters);

        for (var p = 0; p < saved.AllParameters.Count; p++) Assert.Equal(saved.AllParameters[p].Value, restored.AllParameters[p].Value);
        Assert.Equal(saved.Forward(sequence).Embedding.ToArray(), restored.Forward(sequence).Embedding.ToArray());
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void RefusesAParameterOfAnotherShape()
    {
        var path = Path.Combine(_directory, "a.ckpt");
        ParameterCheckpoint.Save(path, [new Parameter("w", [2, 3], new float[6])]);

        var error = Assert.Throws<InvalidDataException>(() => ParameterCheckpoint.Load(path, [new Parameter("w", [3, 2], new float[6])]));
        Assert.Contains("[2, 3]", error.Message);
    }

    [Fact]
    public void RefusesACheckpointMissingAParameter()
    {
        var path = Path.Combine(_directory, "b.ckpt");
        ParameterCheckpoint.Save(path, [new Parameter("w", [1], [1f])]);

        var error = Assert.Throws<InvalidDataException>(() => ParameterCheckpoint.Load(path, [new Parameter("w", [1], [0f]), new Parameter("b", [1], [0f])]));
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void RefusesAFileThatIsNotACheckpoint()
    {
        var path = Path.Combine(_directory, "c.ckpt");
        File.WriteAllText(path, "not a checkpoint at all");

        Assert.Throws<InvalidDataException>(() => ParameterCheckpoint.Load(path, [new Parameter("w", [1], [0f])]));
    }
}
