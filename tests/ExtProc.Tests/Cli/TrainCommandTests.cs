using ExtProcRouter.Cli;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Training;

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

    [Fact]
    public void TheDevSplitMovesTheTrainingHalvesToTheTrainSideAndNothingElse()
    {
        var train = Directory.CreateDirectory(Path.Combine(_directory, "train")).FullName;
        var dev = Directory.CreateDirectory(Path.Combine(_directory, "dev")).FullName;
        WriteCases(Path.Combine(train, "clinc150_train.jsonl"), Enumerable.Range(0, 5).Select(i => $"clinc-{i}"));
        WriteCases(Path.Combine(dev, "clinc150_dev.jsonl"), Enumerable.Range(0, 5).Select(i => $"clinc-dev-{i}"));
        var problems = from problem in Enumerable.Range(0, 40) from form in new[] { "fix", "explain" } select $"hepack-Python_{problem}-{form}";
        WriteCases(Path.Combine(dev, DevSplit.HumanEvalPackFile), problems);

        var (plainTrain, plainDev) = TrainCommand.LoadCases(train, dev, 0, 17, trainOnDevSplit: false);
        var (splitTrain, splitDev) = TrainCommand.LoadCases(train, dev, 0, 17, trainOnDevSplit: true);

        Assert.Equal(5, plainTrain.Count);
        Assert.Equal(85, plainDev.Count);
        var moved = splitTrain.Where(c => c.Source.StartsWith("dev-train-half:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(moved);
        Assert.Equal(85, splitDev.Count + moved.Count);
        Assert.Empty(moved.Select(c => c.Id).Intersect(splitDev.Select(c => c.Id)));
        Assert.All(moved, c => Assert.Equal("dev-train-half:" + DevSplit.HumanEvalPackFile, c.Source));
        Assert.Equal(5, splitDev.Count(c => c.Source == "clinc150_dev.jsonl"));
    }

    [Fact]
    public async Task AMissingDataFolderIsAClearErrorNotACrash()
    {
        var missing = Path.Combine(_directory, "no-such-folder");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var exitCode = await TrainCommand.Create().Parse(["--train", missing, "--dev", missing]).InvokeAsync();

            Assert.Equal(2, exitCode);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("train: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("no-such-folder", error.ToString(), StringComparison.Ordinal);
    }

    private static void WriteCases(string path, IEnumerable<string> ids) => File.WriteAllLines(path, ids.Select(id =>
        $$"""{"id":"{{id}}","source":"test","routes":[{"name":"bug_fixing","description":"Fix errors in code"}],"messages":[{"role":"user","content":"Fix bugs in f."}],"expected":"bug_fixing","category":"coding"}"""));
}
