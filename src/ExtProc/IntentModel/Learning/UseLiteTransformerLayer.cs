namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// One USE-Lite transformer layer's blocks: pre-LN attention and a pre-LN FFN with a residual sum. The encoder wires
/// the attention residual itself, because layer 0's residual goes through a widening projection.
/// </summary>
internal sealed class UseLiteTransformerLayer(LayerNorm attentionNorm, MultiHeadSelfAttention attention, LayerNorm feedForwardNorm, FeedForward feedForward)
{
    public LayerNorm AttentionNorm { get; } = attentionNorm;
    public MultiHeadSelfAttention Attention { get; } = attention;
    public LayerNorm FeedForwardNorm { get; } = feedForwardNorm;
    public FeedForward FeedForward { get; } = feedForward;

    public bool Owns(Parameter parameter) =>
        parameter == AttentionNorm.Scale || parameter == AttentionNorm.Bias
        || parameter == Attention.QueryKeyValue.Weight || parameter == Attention.QueryKeyValue.Bias
        || parameter == Attention.Output.Weight || parameter == Attention.Output.Bias
        || parameter == FeedForwardNorm.Scale || parameter == FeedForwardNorm.Bias
        || parameter == FeedForward.Inner.Weight || parameter == FeedForward.Inner.Bias
        || parameter == FeedForward.Outer.Weight || parameter == FeedForward.Outer.Bias;

    /// <summary>Output = AfterAttention + FFN(LN(AfterAttention)).</summary>
    public void FeedForwardBlock(UseLiteActivations.Layer saved, int tokens)
    {
        var input = saved.AfterAttention.Span;
        FeedForwardNorm.Forward(input, saved.FeedForwardNormed.Span, saved.FeedForwardNormMeans.Span, saved.FeedForwardNormInverseDeviations.Span, tokens);
        input.CopyTo(saved.Output.Span);
        FeedForward.Forward(saved.FeedForwardNormed.Span, saved.Hidden.Span, saved.Output.Span, tokens, accumulate: true);
    }

    /// <summary>
    /// Turns d(Output) in <paramref name="stateGradient"/> into d(AfterAttention) in place: the identity path plus the
    /// FFN branch through its layer norm.
    /// </summary>
    public void BackwardFeedForwardBlock(UseLiteActivations.Layer saved, Span<float> stateGradient, UseLiteGradientScratch scratch, int tokens, GradientSink gradients)
    {
        var branch = scratch.Branch[..(tokens * FeedForwardNorm.Width)];
        branch.Clear();
        FeedForward.Backward(saved.FeedForwardNormed.Span, saved.Hidden.Span, stateGradient, branch, scratch.Hidden, tokens, updateParameters: true, gradients);
        FeedForwardNorm.Backward(saved.AfterAttention.Span, saved.FeedForwardNormMeans.Span, saved.FeedForwardNormInverseDeviations.Span,
            branch, stateGradient, scratch.Rows, tokens, updateParameters: true, gradients);
    }
}
