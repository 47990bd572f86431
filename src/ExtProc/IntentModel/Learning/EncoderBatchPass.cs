namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// One forward pass over a batch of sequences, holding what its backward pass needs (see
/// <see cref="EncoderBatches.ForwardBatch"/>). Backpropagated once; disposed when only evaluated.
/// </summary>
public abstract class EncoderBatchPass : IDisposable
{
    /// <summary>Sequences in the batch, in the order they were given.</summary>
    public abstract int Count { get; }

    /// <summary>The pooled, L2-normalised embedding of sequence <paramref name="index"/>.</summary>
    public abstract ReadOnlySpan<float> Embedding(int index);

    /// <summary>
    /// Adds d(loss)/d(parameters) for the embeddings' gradients, sequence i's at
    /// [i · dimensions, (i + 1) · dimensions), into the parameters' gradients.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> embeddingGradients);

    /// <summary>Backward into <paramref name="gradients"/>; passes that cannot redirect add into the parameters directly.</summary>
    internal virtual void Backward(ReadOnlySpan<float> embeddingGradients, GradientSink gradients) => Backward(embeddingGradients);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns pooled activations without a backward pass.</summary>
    protected abstract void Dispose(bool disposing);
}
