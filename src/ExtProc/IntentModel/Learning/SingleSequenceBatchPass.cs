namespace ExtProcRouter.IntentModel.Learning;

/// <summary>One sequence's <see cref="EncoderPass"/> as a batch of one, for encoders without a packed pass.</summary>
internal sealed class SingleSequenceBatchPass(EncoderPass pass) : EncoderBatchPass
{
    public override int Count => 1;

    public override ReadOnlySpan<float> Embedding(int index) =>
        index == 0 ? pass.Embedding : throw new ArgumentOutOfRangeException(nameof(index), "A single-sequence pass has only index 0.");

    public override void Backward(ReadOnlySpan<float> embeddingGradients) => pass.Backward(embeddingGradients);

    protected override void Dispose(bool disposing) => (pass as IDisposable)?.Dispose();
}
