namespace ExtProcRouter.Comparison;

/// <summary>A finished (or interrupted) comparison run.</summary>
/// <param name="Rows">Completed cases in data order.</param>
/// <param name="Planned">Cases the run set out to send; more than <c>Rows.Count</c> when it was interrupted.</param>
/// <param name="JudgeModel">The judge, when one was asked.</param>
public sealed record ComparisonReport(ComparisonSettings Settings, IReadOnlyList<ComparisonRow> Rows, int Planned, string? JudgeModel)
{
    public bool Interrupted => Rows.Count < Planned;

    public ComparisonTotals Totals { get; } = ComparisonTotals.Of(Rows);
}
