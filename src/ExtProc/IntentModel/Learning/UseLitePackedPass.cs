namespace ExtProcRouter.IntentModel.Learning;

/// <summary>A <see cref="TrainableUseLiteEncoder.ForwardPacked"/> pass: several sequences in one set of activations.</summary>
internal sealed class UseLitePackedPass(TrainableUseLiteEncoder encoder, int[] tokenIds, UseLiteActivations activations, float[] embeddings)
    : EncoderBatchPass
{
    private UseLiteActivations? _activations = activations;

    public override int Count { get; } = activations.Lengths.Length;

    public override ReadOnlySpan<float> Embedding(int index) => embeddings.AsSpan(index * encoder.Dimensions, encoder.Dimensions);

    public override void Backward(ReadOnlySpan<float> embeddingGradients) => Backward(embeddingGradients, GradientSink.Shared);

    internal override void Backward(ReadOnlySpan<float> embeddingGradients, GradientSink gradients)
    {
        if (embeddingGradients.Length != embeddings.Length)
            throw new ArgumentException($"{Count} embeddings need {embeddings.Length} gradient values, not {embeddingGradients.Length}.", nameof(embeddingGradients));
        var saved = Interlocked.Exchange(ref _activations, null)
            ?? throw new InvalidOperationException("This pass was already backpropagated or disposed; run the forward pass again.");
        using (saved) encoder.RunBackward(tokenIds, saved, embeddings, embeddingGradients, gradients);
    }

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref _activations, null)?.Dispose();
}
