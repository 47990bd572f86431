using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.Evaluation;

/// <summary>
/// Runs a classifier over routing cases the way the sidecar does (trim, then classify), one case at a time so
/// that latencies are not distorted by contention, and computes the metrics.
/// </summary>
public sealed class EvaluationRunner(TimeProvider timeProvider, ConversationTrimOptions? trimOptions = null)
{
    private readonly ConversationTrimOptions _trimOptions = trimOptions ?? ConversationTrimOptions.Default;

    public EvaluationRunner()
        : this(TimeProvider.System)
    {
    }

    public async Task<EvaluationResult> RunAsync(
        IIntentClassifier classifier,
        IEnumerable<RoutingCase> cases,
        IProgress<EvaluationProgress>? progress = null,
        string dataName = "",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(cases);
        int? total = cases.TryGetNonEnumeratedCount(out var count) ? count : null;
        var outcomes = total is { } known ? new List<CaseOutcome>(known) : [];
        var strict = 0;
        var warmedUp = false;
        foreach (var routingCase in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!warmedUp)
            {
                // One untimed run first, so that JIT compilation and lazy loading do not land in the latency tail.
                await ClassifyAsync(classifier, routingCase, cancellationToken).ConfigureAwait(false);
                warmedUp = true;
            }
            var outcome = await ClassifyAsync(classifier, routingCase, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            strict += outcome.IsStrictlyCorrect ? 1 : 0;
            progress?.Report(new EvaluationProgress(outcomes.Count, total, strict));
        }
        return new EvaluationResult(classifier.Name, dataName, EvaluationMetrics.Compute(outcomes), outcomes);
    }

    private async Task<CaseOutcome> ClassifyAsync(IIntentClassifier classifier, RoutingCase routingCase, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var conversation = ConversationTrimmer.Trim(routingCase.Messages, _trimOptions);
            var decision = await classifier.ClassifyAsync(conversation, routingCase.Routes, cancellationToken).ConfigureAwait(false);
            return new CaseOutcome(routingCase, decision.Route, decision.Confidence, timeProvider.GetElapsedTime(started), Scores: decision.Scores);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One failing case must not hide the numbers of the others; it counts as wrong and is reported.
            return new CaseOutcome(routingCase, CaseOutcome.ErrorPrediction, 0, timeProvider.GetElapsedTime(started), e.Message);
        }
    }
}
