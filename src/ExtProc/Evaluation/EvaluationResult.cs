namespace ExtProcRouter.Evaluation;

/// <summary>One classifier run over one data set.</summary>
public sealed record EvaluationResult(string Classifier, string DataName, EvaluationMetrics Metrics, IReadOnlyList<CaseOutcome> Outcomes);
