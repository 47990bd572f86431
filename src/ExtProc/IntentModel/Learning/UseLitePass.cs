namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// One sequence's forward pass through <see cref="TrainableUseLiteEncoder"/>. Its saved values go back to the pool
/// after <see cref="Backward"/> (a pass is backpropagated once) or on <see cref="Dispose"/> when it is not trained on.
/// </summary>
internal sealed class UseLitePass(TrainableUseLiteEncoder encoder, int[] tokenIds, UseLiteActivations activations, float[] embedding)
    : EncoderPass, IDisposable
{
    private UseLiteActivations? _activations = activations;

    public override ReadOnlySpan<float> Embedding => embedding;

    public override void Backward(ReadOnlySpan<float> embeddingGradient)
    {
        if (embeddingGradient.Length != embedding.Length)
            throw new ArgumentException($"The embedding gradient has {embeddingGradient.Length} values, not {embedding.Length}.", nameof(embeddingGradient));
        var saved = Interlocked.Exchange(ref _activations, null)
            ?? throw new InvalidOperationException("This pass was already backpropagated or disposed; run Forward again.");
        using (saved) encoder.RunBackward(tokenIds, saved, embedding, embeddingGradient, GradientSink.Shared);
    }

    public void Dispose() => Interlocked.Exchange(ref _activations, null)?.Dispose();
}
