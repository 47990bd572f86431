using System.Buffers;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Everything one USE-Lite forward pass keeps for its backward pass, for one or several sequences packed row after
/// row, carved out of a single pooled array (no per-layer allocations; returned to the pool when the pass is done).
/// </summary>
internal sealed class UseLiteActivations : IDisposable
{
    private float[]? _buffer;
    private int _next;

    public UseLiteActivations(UseLiteDimensions dimensions, int[] lengths)
    {
        Lengths = lengths;
        var (t, n, e, m, f, h) = (lengths.Sum(), lengths.Length, dimensions.EmbeddingWidth, dimensions.ModelWidth, dimensions.FeedForwardWidth, dimensions.Heads);
        var squares = lengths.Sum(length => length * length);
        // Input (t·e); per layer of width w: 5·t·w (normed, q/k/v, merged) + 3·t·m + t·f + h·Σ length² + 4·t; pooled pairs.
        var total = t * e + 5 * t * e + 5 * t * m + 2 * (3 * t * m + t * f + h * squares + 4 * t) + 2 * n * m;
        _buffer = ArrayPool<float>.Shared.Rent(total);
        Input = Take(t * e);
        Lower = new Layer(this, t, e, m, f, h * squares);
        Upper = new Layer(this, t, m, m, f, h * squares);
        Pooled = Take(n * m);
        Activated = Take(n * m);
    }

    /// <summary>Tokens of each packed sequence.</summary>
    public int[] Lengths { get; }

    /// <summary>[tokens, embedding width]: 2 · embedding + timing signal, layer 0's input.</summary>
    public Memory<float> Input { get; }

    public Layer Lower { get; }
    public Layer Upper { get; }

    /// <summary>[sequences, model width]: mean of layer 1's token states per sequence.</summary>
    public Memory<float> Pooled { get; }

    /// <summary>[sequences, model width]: tanh of the dense layer over the pooled state (before L2 normalisation).</summary>
    public Memory<float> Activated { get; }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<float>.Shared.Return(buffer);
    }

    private Memory<float> Take(int count)
    {
        var slice = _buffer.AsMemory(_next, count);
        _next += count;
        return slice;
    }

    /// <summary>One transformer layer's saved values for <c>tokens</c> packed rows.</summary>
    internal sealed class Layer
    {
        public Layer(UseLiteActivations owner, int tokens, int width, int modelWidth, int hiddenWidth, int probabilityCount)
        {
            AttentionNormMeans = owner.Take(tokens);
            AttentionNormInverseDeviations = owner.Take(tokens);
            AttentionNormed = owner.Take(tokens * width);
            QueryKeyValue = owner.Take(tokens * 3 * width);
            Probabilities = owner.Take(probabilityCount);
            Merged = owner.Take(tokens * width);
            AfterAttention = owner.Take(tokens * modelWidth);
            FeedForwardNormMeans = owner.Take(tokens);
            FeedForwardNormInverseDeviations = owner.Take(tokens);
            FeedForwardNormed = owner.Take(tokens * modelWidth);
            Hidden = owner.Take(tokens * hiddenWidth);
            Output = owner.Take(tokens * modelWidth);
        }

        public Memory<float> AttentionNormMeans { get; }
        public Memory<float> AttentionNormInverseDeviations { get; }
        public Memory<float> AttentionNormed { get; }
        public Memory<float> QueryKeyValue { get; }
        public Memory<float> Probabilities { get; }
        public Memory<float> Merged { get; }

        /// <summary>The residual sum after attention (the FFN block's input).</summary>
        public Memory<float> AfterAttention { get; }

        public Memory<float> FeedForwardNormMeans { get; }
        public Memory<float> FeedForwardNormInverseDeviations { get; }
        public Memory<float> FeedForwardNormed { get; }

        /// <summary>The FFN's ReLU output.</summary>
        public Memory<float> Hidden { get; }

        /// <summary>The layer's output token states.</summary>
        public Memory<float> Output { get; }

        public MultiHeadSelfAttention.Activations Attention =>
            new(QueryKeyValue.Span, Probabilities.Span, Merged.Span);
    }
}
