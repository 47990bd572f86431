namespace ExtProcRouter.Evaluation;

/// <summary>Progress of a running evaluation; <paramref name="Total"/> is known when the cases were a collection.</summary>
public readonly record struct EvaluationProgress(int Completed, int? Total, int StrictCorrect);
