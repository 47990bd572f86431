using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.Tests.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

/// <summary>
/// Stands in for the encoder model: records the token-id tensor it is given and answers with embeddings whose
/// first value is the row's first token id (-1 for an empty row), so tests can check what <see cref="SentenceEncoder"/> sends and where it puts results.
/// </summary>
internal sealed class RecordingEncoderSession : IInferenceSession
{
    public IReadOnlyList<string> InputNames => [EncoderGraphNames.TokenIds];

    public IReadOnlyList<string> OutputNames => [EncoderGraphNames.Embeddings, EncoderGraphNames.TokenStates];

    public IReadOnlyList<string> ExecutionProviders => ["cpu"];

    private readonly List<(int[] Ids, long[] Shape)> _calls = [];

    /// <summary>The runs so far, in the order they started (groups of one call may run concurrently).</summary>
    public List<(int[] Ids, long[] Shape)> Calls
    {
        get { lock (_calls) return [.. _calls]; }
    }

    /// <summary>When set, every run waits here until the barrier's other participants arrive (or fails after 10 s).</summary>
    public Barrier? RendezvousOfRuns { get; init; }

    public bool Disposed { get; private set; }

    public InferenceResults Run(ReadOnlySpan<InferenceInput> inputs, ReadOnlySpan<string> outputNames, CancellationToken cancellationToken = default)
    {
        var input = Assert.Single(inputs.ToArray());
        Assert.Equal(EncoderGraphNames.TokenIds, input.Name);
        Assert.Equal(TensorElementType.Int32, input.ElementType);
        var ids = input.Int32Data.ToArray();
        lock (_calls) _calls.Add((ids, input.Shape));
        if (RendezvousOfRuns is { } barrier) Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(10)), "the other run never started: runs are sequential");

        var (batch, width) = ((int)input.Shape[0], (int)input.Shape[1]);
        var embeddings = new float[batch * SentenceEncoder.Dimensions];
        for (var row = 0; row < batch; row++) embeddings[row * SentenceEncoder.Dimensions] = ids[row * width];
        var states = new float[batch * width * SentenceEncoder.Dimensions];
        for (var i = 0; i < batch * width; i++) states[i * SentenceEncoder.Dimensions] = ids[i];
        var all = new List<(string, float[], long[])>();
        foreach (var name in outputNames)
        {
            all.Add(name == EncoderGraphNames.Embeddings
                ? (name, embeddings, [batch, SentenceEncoder.Dimensions])
                : (name, states, [batch, width, SentenceEncoder.Dimensions]));
        }
        return new ArrayInferenceResults(all);
    }

    public void Dispose() => Disposed = true;
}
