using ExtProcRouter.Cli;

namespace ExtProcRouter.Tests.Cli;

public sealed class MixPredictionsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mix-predictions-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RefusesAWeightOutsideZeroToOneAMissingFileAndAMalformedOne()
    {
        var good = Path.Combine(_directory, "good.jsonl");
        File.WriteAllText(good, """{"data":"a.jsonl","id":"c1","expected":"x","scores":{"x":0.9}}""" + "\n");
        var bad = Path.Combine(_directory, "bad.jsonl");
        File.WriteAllText(bad, "{broken\n");

        Assert.Equal(0, await Run(good, good, "--weights", "0,1"));
        Assert.Equal(2, await Run(good, good, "--weights", "1.5"));
        Assert.Equal(2, await Run(good, Path.Combine(_directory, "absent.jsonl")));
        Assert.Equal(2, await Run(good, bad));
    }

    private static Task<int> Run(params string[] args) => MixPredictionsCommand.Create().Parse(args).InvokeAsync();
}
