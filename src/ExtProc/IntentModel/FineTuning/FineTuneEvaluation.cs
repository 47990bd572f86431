namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>Strict accuracy per data file and its macro average (the selection score).</summary>
public sealed record FineTuneEvaluation(IReadOnlyDictionary<string, double> BySource, double Macro);
