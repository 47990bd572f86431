namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Which parts of the trainable encoder keep their weights (no gradients, not offered to the optimizer).</summary>
public enum EncoderFreezing
{
    /// <summary>Everything trains, embeddings included.</summary>
    None,

    /// <summary>The token embedding table is fixed; both transformer layers and the tanh layer train.</summary>
    Embeddings,

    /// <summary>Embeddings and transformer layer 0 (with its residual projection) are fixed; backward stops at layer 1.</summary>
    EmbeddingsAndLowerLayer,
}
