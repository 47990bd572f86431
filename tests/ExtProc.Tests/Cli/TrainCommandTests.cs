using ExtProcRouter.Cli;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("train-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EmbeddingCachesOfFloatAndInt8EncodersNeverShareAFile()
    {
        var deltas = Path.Combine(_directory, "tuned.delta16");
        File.WriteAllBytes(deltas, [1, 2, 3]);
        var float32 = MoeModelFiles.FineTunedUnder(_directory) with { EncoderDeltaPath = deltas };
        var int8 = MoeModelFiles.FineTunedInt8Under(_directory) with { EncoderDeltaPath = deltas };

        var floatTag = TrainCommand.EncoderCacheTag(float32);
        var int8Tag = TrainCommand.EncoderCacheTag(int8);

        Assert.StartsWith("-finetuned-", floatTag, StringComparison.Ordinal);
        Assert.NotEqual(floatTag, int8Tag);
        Assert.EndsWith("-int8-single", int8Tag, StringComparison.Ordinal);
        Assert.Equal("-single", TrainCommand.EncoderCacheTag(MoeModelFiles.Under(_directory)));
        Assert.Equal("-int8-single", TrainCommand.EncoderCacheTag(MoeModelFiles.Under(_directory) with { Precision = EncoderPrecision.Int8 }));
    }
}
