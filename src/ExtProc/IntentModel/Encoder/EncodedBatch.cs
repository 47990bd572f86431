namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>
/// Sentence embeddings of a batch and, per sequence, its token states flattened row-major
/// (tokens within the window x <see cref="SentenceEncoder.Dimensions"/>).
/// </summary>
public sealed record EncodedBatch(float[][] Embeddings, float[][] TokenStates);
