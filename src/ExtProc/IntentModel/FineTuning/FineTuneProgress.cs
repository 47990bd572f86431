namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>What the trainer reports after a step.</summary>
/// <param name="Loss">Mean cross-entropy of the step's batch.</param>
/// <param name="Correct">Cases of the batch whose answer (offered routes + other) was right before the update.</param>
/// <param name="Selection">Macro accuracy on the dev sample when this step ran a selection, else null.</param>
/// <param name="Drift">Mean squared distance of the batch's embeddings from the base encoder's (<see cref="EmbeddingAnchor"/>), or null without an anchor.</param>
/// <param name="IsBest">Whether this step's selection is the best so far (its weights were handed to the best-weights callback).</param>
public sealed record FineTuneProgress(int Step, double Loss, int Correct, int BatchSize, float LearningRateScale, double? Selection, bool IsBest, double? Drift = null);
