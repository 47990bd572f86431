using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.Tests.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Moe;

/// <summary>
/// Stands in for the encoder model, safe to call from many threads: each row's embedding is a digest of that row's
/// token ids (padding ignored), so a test can compute what any window must embed to, and it counts the rows it encodes.
/// </summary>
internal sealed class WindowDigestEncoderSession : IInferenceSession
{
    private int _rowsEncoded;
    private int _runs;

    public IReadOnlyList<string> InputNames => [EncoderGraphNames.TokenIds];

    public IReadOnlyList<string> OutputNames => [EncoderGraphNames.Embeddings];

    public IReadOnlyList<string> ExecutionProviders => ["cpu"];

    public int RowsEncoded => Volatile.Read(ref _rowsEncoded);

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The embedding this session gives the window <paramref name="ids"/>.</summary>
    public static float[] Expected(ReadOnlySpan<int> ids)
    {
        ulong digest = 14695981039346656037;
        foreach (var id in ids) digest = (digest ^ (uint)id) * 1099511628211;
        var embedding = new float[SentenceEncoder.Dimensions];
        for (var j = 0; j < embedding.Length; j++)
        {
            digest = digest * 6364136223846793005 + 1442695040888963407;
            embedding[j] = (digest >> 40) / (float)(1 << 24) - 0.5f;
        }
        return embedding;
    }

    public InferenceResults Run(ReadOnlySpan<InferenceInput> inputs, ReadOnlySpan<string> outputNames, CancellationToken cancellationToken = default)
    {
        var input = inputs[0];
        var ids = input.Int32Data.Span;
        var (batch, width) = ((int)input.Shape[0], (int)input.Shape[1]);
        var embeddings = new float[batch * SentenceEncoder.Dimensions];
        for (var row = 0; row < batch; row++)
        {
            var window = ids.Slice(row * width, width);
            var length = window.IndexOf(EncoderGraphNames.PaddingId);
            Expected(length < 0 ? window : window[..length]).CopyTo(embeddings, row * SentenceEncoder.Dimensions);
        }
        Interlocked.Add(ref _rowsEncoded, batch);
        Interlocked.Increment(ref _runs);
        return new ArrayInferenceResults([(EncoderGraphNames.Embeddings, embeddings, [batch, SentenceEncoder.Dimensions])]);
    }

    public void Dispose()
    {
    }
}
