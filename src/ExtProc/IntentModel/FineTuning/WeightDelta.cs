namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>How far fine-tuning moved one named weight of the base encoder: fine-tuned = base + <paramref name="Values"/>.</summary>
public sealed record WeightDelta(string Name, int[] Shape, float[] Values);
