namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>A text and the token ids the encoder reads for it (already windowed to the encoder's 128 tokens).</summary>
public sealed record TokenizedText(string Text, int[] TokenIds);
