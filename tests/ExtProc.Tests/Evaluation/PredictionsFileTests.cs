using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class PredictionsFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void ReadsEachCaseWithItsSourceAnswerAndScoresAndAFailedCaseWithNone()
    {
        File.WriteAllLines(_path,
        [
            """{"data":"a.jsonl","id":"c1","category":"x","expected":"b","predicted":"b","confidence":0.5,"strict":true,"scores":{"a":0.2,"b":0.5}}""",
            "",
            """{"data":"a.jsonl","id":"c2","expected":"a","predicted":"<error>","error":"boom"}""",
        ]);

        var lines = PredictionsFile.Read(_path);

        Assert.Equal(2, lines.Count);
        Assert.Equal(("a.jsonl", "c1", "b"), (lines[0].Data, lines[0].Id, lines[0].Expected));
        Assert.Equal(0.2f, lines[0].Scores["a"]);
        Assert.Equal(0.5f, lines[0].Scores["b"]);
        Assert.Empty(lines[1].Scores);
    }

    [Theory]
    [InlineData("{broken")]
    [InlineData("""{"id":"c1","scores":{"a":"high"}}""")]
    [InlineData("""{"scores":{"a":0.5}}""")]
    public void AMalformedLineIsReportedWithItsNumber(string bad)
    {
        File.WriteAllLines(_path, ["""{"id":"c0","scores":{"a":0.5}}""", bad]);
        var error = Assert.Throws<RoutingDataException>(() => PredictionsFile.Read(_path));
        Assert.Equal(2, error.Line);
    }
}
