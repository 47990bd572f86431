using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Comparison;

/// <summary>
/// Sends every case through the router and to the baseline model, a few cases at a time, and judges each pair when a
/// judge is given. Failed requests are rows, not exceptions; cancellation (Ctrl-C) ends the run with the cases that
/// had finished, so the partial report can still be printed.
/// </summary>
public sealed class ComparisonRunner(FrontDoorClient client, ComparisonSettings settings, PairJudge? judge = null)
{
    /// <param name="progress">Told the number of finished cases after each one; may be called from several threads.</param>
    public async Task<ComparisonReport> RunAsync(IReadOnlyList<RoutingCase> cases, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var rows = new ComparisonRow?[cases.Count];
        var finished = 0;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), options, async (index, token) =>
            {
                rows[index] = await CompareAsync(index + 1, cases[index], token).ConfigureAwait(false);
                progress?.Report(Interlocked.Increment(ref finished));
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: the cases in flight are dropped, the finished ones are the partial report.
        }
        return new ComparisonReport(settings, rows.OfType<ComparisonRow>().ToList(), cases.Count, judge?.Model);
    }

    private async Task<ComparisonRow> CompareAsync(int number, RoutingCase routingCase, CancellationToken cancellationToken)
    {
        var router = await client.CompleteAsync(new ComparisonRequest(settings.RouterModel, routingCase.Messages, settings.Stream), cancellationToken)
            .ConfigureAwait(false);
        var baseline = await client.CompleteAsync(new ComparisonRequest(settings.Baseline, routingCase.Messages, settings.Stream), cancellationToken)
            .ConfigureAwait(false);
        JudgeVerdict? verdict = null;
        if (judge is not null && router.Succeeded && baseline.Succeeded)
            verdict = await judge.JudgeAsync(routingCase.Messages, router.Answer ?? "", baseline.Answer ?? "", cancellationToken).ConfigureAwait(false);
        return new ComparisonRow(number, routingCase.Id, router, baseline, verdict);
    }
}
