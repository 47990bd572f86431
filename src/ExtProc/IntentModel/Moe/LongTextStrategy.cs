namespace ExtProcRouter.IntentModel.Moe;

/// <summary>How a text longer than the encoder's 128-token window is embedded.</summary>
public enum LongTextStrategy
{
    /// <summary>One window: the first 60% and the last 40% of the tokens.</summary>
    HeadTail,

    /// <summary>The mean of the embeddings of consecutive windows, re-normalised.</summary>
    ChunkMean,
}
