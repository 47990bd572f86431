namespace ExtProcRouter.Comparison;

/// <summary>One case sent through the router and to the baseline model.</summary>
/// <param name="Number">1-based position in the data file, so that rows finished out of order report in order.</param>
/// <param name="Judge">Null when no judge was asked (no <c>--judge</c>, or a side failed).</param>
public sealed record ComparisonRow(int Number, string CaseId, ChatOutcome Router, ChatOutcome Baseline, JudgeVerdict? Judge);
