namespace ExtProcRouter.Evaluation;

/// <summary>A (expected, predicted) pair of route names among the wrong answers, with how often it occurred.</summary>
public sealed record Confusion(string Expected, string Predicted, int Count);
