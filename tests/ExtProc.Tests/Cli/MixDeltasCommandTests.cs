using ExtProcRouter.Cli;
using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.Cli;

public sealed class MixDeltasCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mix-deltas-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("0.5:run.delta16", 0.5f, "run.delta16")]
    [InlineData("1e-1:/tmp/a:b.delta16", 0.1f, "/tmp/a:b.delta16")]
    [InlineData("-1:run.delta16", -1f, "run.delta16")]
    public void ReadsAWeightAndTheFileAfterTheFirstColon(string part, float weight, string path)
    {
        Assert.True(MixDeltasCommand.TryParsePart(part, out var parsedWeight, out var parsedPath));
        Assert.Equal(weight, parsedWeight);
        Assert.Equal(path, parsedPath);
    }

    [Theory]
    [InlineData("run.delta16")]
    [InlineData(":run.delta16")]
    [InlineData("0.5:")]
    [InlineData("half:run.delta16")]
    [InlineData("NaN:run.delta16")]
    public void RefusesWhatIsNotWeightColonFile(string part) =>
        Assert.False(MixDeltasCommand.TryParsePart(part, out _, out _));

    [Fact]
    public async Task WritesTheMixOfTheGivenFilesAndRefusesAMissingOne()
    {
        var run = Path.Combine(_directory, "run.delta16");
        FineTunedWeightsFile.Save(run, [new WeightDelta("layer", [2], [0.5f, -1f])]);
        var output = Path.Combine(_directory, "half.delta16");

        var written = await MixDeltasCommand.Create().Parse(["--output", output, $"0.5:{run}"]).InvokeAsync();
        var missing = await MixDeltasCommand.Create().Parse(["--output", output, $"0.5:{run}.absent"]).InvokeAsync();

        Assert.Equal(0, written);
        Assert.Equal([0.25f, -0.5f], Assert.Single(FineTunedWeightsFile.Load(output)).Values);
        Assert.Equal(2, missing);
    }

    [Fact]
    public async Task RefusesAFileThatIsNotDeltasAndRunsOfDifferentShapesWithoutWritingAnything()
    {
        var notDeltas = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(notDeltas, "not a delta file");
        var wide = Path.Combine(_directory, "wide.delta16");
        var tall = Path.Combine(_directory, "tall.delta16");
        FineTunedWeightsFile.Save(wide, [new WeightDelta("layer", [1, 2], [1f, 1f])]);
        FineTunedWeightsFile.Save(tall, [new WeightDelta("layer", [2, 1], [1f, 1f])]);
        var output = Path.Combine(_directory, "mixed.delta16");

        var unreadable = await MixDeltasCommand.Create().Parse(["--output", output, $"1:{notDeltas}"]).InvokeAsync();
        var mismatched = await MixDeltasCommand.Create().Parse(["--output", output, $"0.5:{wide}", $"0.5:{tall}"]).InvokeAsync();

        Assert.Equal(2, unreadable);
        Assert.Equal(2, mismatched);
        Assert.False(File.Exists(output));
    }
}
