using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.CrossEncoding;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

public sealed class BiEncoderPredictionsTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    private static CrossEncoderExample Example(string id, params string[] routes) =>
        new(id, routes, routes.Select(_ => new[] { 1 }).ToArray(), 0, "a.jsonl");

    [Fact]
    public void Orders_the_scores_like_the_example_and_gives_other_the_remainder()
    {
        File.WriteAllLines(_path,
        [
            """{"data":"a.jsonl","id":"c1","predicted":"b","scores":{"a":0.2,"b":0.5}}""",
            """{"data":"a.jsonl","id":"c2","predicted":"<error>","error":"boom"}""",
        ]);
        var predictions = BiEncoderPredictions.Load(_path);

        var probabilities = predictions.For(Example("c1", "b", "a"))!;
        Assert.Equal(0.5f, probabilities[0]);
        Assert.Equal(0.2f, probabilities[1]);
        Assert.Equal(0.3f, probabilities[2], 1e-6f);
        Assert.Null(predictions.For(Example("c2", "a")));
        Assert.Null(predictions.For(Example("c1", "a", "z")));
        Assert.Null(predictions.For(Example("c3", "a")));
    }
}
