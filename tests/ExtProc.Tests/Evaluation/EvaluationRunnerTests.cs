using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;
using static ExtProcRouter.Tests.Evaluation.Cases;

namespace ExtProcRouter.Tests.Evaluation;

public sealed class EvaluationRunnerTests
{
    /// <summary>Answers with the latest message's text, records what it saw, throws on "boom".</summary>
    private sealed class EchoClassifier : IIntentClassifier
    {
        public List<IReadOnlyList<ChatTurn>> Seen { get; } = [];

        public string Name => "echo";

        public ValueTask<IntentDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes, CancellationToken cancellationToken)
        {
            Seen.Add(conversation);
            var text = conversation[^1].Text;
            if (text == "boom")
            {
                throw new InvalidOperationException("classifier failed");
            }
            return ValueTask.FromResult(new IntentDecision(text, 0.9, [], TimeSpan.Zero));
        }
    }

    private sealed class RecordingProgress : IProgress<EvaluationProgress>
    {
        public List<EvaluationProgress> Reports { get; } = [];

        public void Report(EvaluationProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task Runs_every_case_and_computes_metrics_with_measured_latency()
    {
        var classifier = new EchoClassifier();
        var runner = new EvaluationRunner(new SteppingTimeProvider(TimeSpan.FromMilliseconds(2)));
        RoutingCase[] cases = [Case("a", text: "a"), Case("b", text: "c"), Case("other", text: "other")];
        var progress = new RecordingProgress();

        var result = await runner.RunAsync(classifier, cases, progress, "tiny.jsonl", CancellationToken.None);

        Assert.Equal("echo", result.Classifier);
        Assert.Equal("tiny.jsonl", result.DataName);
        Assert.Equal(["a", "c", "other"], result.Outcomes.Select(o => o.Predicted));
        Assert.Equal(2, result.Metrics.StrictCorrect);
        Assert.All(result.Outcomes, o => Assert.Equal(TimeSpan.FromMilliseconds(2), o.Latency));
        Assert.Equal([new EvaluationProgress(1, 3, 1), new EvaluationProgress(2, 3, 1), new EvaluationProgress(3, 3, 2)], progress.Reports);
    }

    [Fact]
    public async Task The_first_case_is_classified_once_untimed_before_measuring()
    {
        var classifier = new EchoClassifier();
        var result = await new EvaluationRunner().RunAsync(classifier, [Case("a", text: "a"), Case("b", text: "b")]);
        Assert.Equal(3, classifier.Seen.Count);
        Assert.Equal(2, result.Outcomes.Count);
    }

    [Fact]
    public async Task Conversations_are_trimmed_before_classification()
    {
        var classifier = new EchoClassifier();
        var routingCase = Case("a") with { Messages = [new ChatTurn(ChatRole.System, "system prompt"), ChatTurn.User("a")] };
        await new EvaluationRunner().RunAsync(classifier, [routingCase]);
        Assert.All(classifier.Seen, seen => Assert.Equal([ChatTurn.User("a")], seen));
    }

    [Fact]
    public async Task A_failing_case_is_recorded_as_an_error_and_the_run_continues()
    {
        var result = await new EvaluationRunner().RunAsync(new EchoClassifier(), [Case("a", text: "boom"), Case("a", text: "a")]);
        Assert.Equal(CaseOutcome.ErrorPrediction, result.Outcomes[0].Predicted);
        Assert.Equal("classifier failed", result.Outcomes[0].Error);
        Assert.Equal(1, result.Metrics.Errors);
        Assert.Equal(1, result.Metrics.StrictCorrect);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new EvaluationRunner().RunAsync(new EchoClassifier(), [Case("a")], cancellationToken: cancellation.Token));
    }
}
