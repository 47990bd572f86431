namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>The inputs and outputs of the encoder graph written by <see cref="EncoderConverter"/>.</summary>
public static class EncoderGraphNames
{
    /// <summary>int32 [batch, tokens]: token ids of each sequence, padded with <see cref="PaddingId"/>.</summary>
    public const string TokenIds = "token_ids";

    /// <summary>float32 [batch, 512]: the L2-normalised sentence embeddings.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>float32 [batch, tokens, 512]: the last transformer layer's state per token (zero at padding).</summary>
    public const string TokenStates = "token_states";

    /// <summary>Any negative id marks padding, as the original sparse-to-dense conversion (default value -1) did.</summary>
    public const int PaddingId = -1;
}
