using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Multi-head self-attention over one unpadded sequence: packed q/k/v projection, per head softmax(s·q·kᵀ)·v with the
/// stored query scale s, heads concatenated and projected to the output width.
/// </summary>
/// <remarks>A pass covers exactly one sequence's real tokens, so no padding mask is needed.</remarks>
public sealed class MultiHeadSelfAttention
{
    public MultiHeadSelfAttention(Linear queryKeyValue, Linear output, int heads, float queryScale)
    {
        Width = output.Inputs;
        if (queryKeyValue.Inputs != Width || queryKeyValue.Outputs != 3 * Width)
            throw new ArgumentException($"The q/k/v projection must map {Width} to {3 * Width}.", nameof(queryKeyValue));
        if (heads <= 0 || Width % heads != 0) throw new ArgumentException($"{heads} heads do not divide width {Width}.", nameof(heads));
        QueryKeyValue = queryKeyValue;
        Output = output;
        Heads = heads;
        QueryScale = queryScale;
    }

    public Linear QueryKeyValue { get; }
    public Linear Output { get; }
    public int Heads { get; }
    public float QueryScale { get; }
    public int Width { get; }
    public int HeadSize => Width / Heads;

    /// <summary>What one forward pass keeps for its backward pass, sized by the caller for <c>tokens</c> rows.</summary>
    public readonly ref struct Activations(Span<float> queryKeyValue, Span<float> probabilities, Span<float> merged)
    {
        /// <summary>[tokens, 3 · width]: q, k and v of each token side by side.</summary>
        public Span<float> QueryKeyValue { get; } = queryKeyValue;

        /// <summary>[heads, tokens, tokens]: the softmax attention weights.</summary>
        public Span<float> Probabilities { get; } = probabilities;

        /// <summary>[tokens, width]: the heads' contexts side by side, the output projection's input.</summary>
        public Span<float> Merged { get; } = merged;
    }

    /// <summary>output[tokens, outputs] = (or +=) attention(input[tokens, width]) for one sequence.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Activations saved, int tokens, bool accumulate = false) =>
        Forward(input, output, saved, [tokens], accumulate);

    /// <summary>
    /// Attention over several sequences packed row after row (<paramref name="lengths"/> rows each): the projections
    /// run over all rows at once, the attention itself within each sequence. Probabilities are packed per sequence
    /// as [heads, length, length] blocks.
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Activations saved, ReadOnlySpan<int> lengths, bool accumulate = false)
    {
        var rows = Sum(lengths);
        QueryKeyValue.Forward(input, saved.QueryKeyValue, rows);
        var (row, probability) = (0, 0);
        foreach (var tokens in lengths)
        {
            SequenceForward(saved.QueryKeyValue[(row * 3 * Width)..], saved.Probabilities.Slice(probability, Heads * tokens * tokens), saved.Merged[(row * Width)..], tokens);
            row += tokens;
            probability += Heads * tokens * tokens;
        }
        Output.Forward(saved.Merged, output, rows, accumulate);
    }

    /// <summary>
    /// Adds d(input) for d(output) into <paramref name="inputGradient"/>, and the projections' parameter gradients when
    /// <paramref name="updateParameters"/>. The scratch spans are [tokens, width], [tokens, 3 · width] and [tokens, tokens].
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, Activations saved, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
        Span<float> mergedGradient, Span<float> queryKeyValueGradient, Span<float> probabilityGradient, int tokens, bool updateParameters) =>
        Backward(input, saved, outputGradient, inputGradient, mergedGradient, queryKeyValueGradient, probabilityGradient, [tokens], updateParameters);

    /// <summary>Backward of the packed <see cref="Forward(ReadOnlySpan{float}, Span{float}, Activations, ReadOnlySpan{int}, bool)"/>; <paramref name="probabilityGradient"/> holds the longest sequence's [length, length].</summary>
    public void Backward(
        ReadOnlySpan<float> input, Activations saved, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
        Span<float> mergedGradient, Span<float> queryKeyValueGradient, Span<float> probabilityGradient, ReadOnlySpan<int> lengths, bool updateParameters,
        GradientSink? gradients = null)
    {
        var rows = Sum(lengths);
        Output.Backward(saved.Merged, outputGradient, mergedGradient[..(rows * Width)], rows, accumulateInputGradient: false, updateParameters, gradients);
        var (row, probability) = (0, 0);
        foreach (var tokens in lengths)
        {
            SequenceBackward(saved.QueryKeyValue[(row * 3 * Width)..], saved.Probabilities.Slice(probability, Heads * tokens * tokens),
                mergedGradient[(row * Width)..], queryKeyValueGradient[(row * 3 * Width)..], probabilityGradient, tokens);
            row += tokens;
            probability += Heads * tokens * tokens;
        }
        QueryKeyValue.Backward(input, queryKeyValueGradient[..(rows * 3 * Width)], inputGradient, rows, accumulateInputGradient: true, updateParameters, gradients);
    }

    /// <summary>Per head: P = softmax(s · q · kᵀ), context = P · v, written into the head's columns of merged.</summary>
    private void SequenceForward(ReadOnlySpan<float> queryKeyValue, Span<float> probabilities, Span<float> merged, int tokens)
    {
        var (width, headSize, packed) = (Width, HeadSize, 3 * Width);
        for (var h = 0; h < Heads; h++)
        {
            var head = probabilities.Slice(h * tokens * tokens, tokens * tokens);
            var queries = queryKeyValue[(h * headSize)..];
            var keys = queryKeyValue[(width + h * headSize)..];
            var values = queryKeyValue[(2 * width + h * headSize)..];
            MatrixKernels.MultiplyTransposedB(queries, packed, keys, packed, head, tokens, tokens, headSize, tokens, accumulate: false);
            for (var t = 0; t < tokens; t++)
            {
                var row = head.Slice(t * tokens, tokens);
                TensorPrimitives.Multiply(row, QueryScale, row);
                TensorPrimitives.SoftMax(row, row);
            }
            MatrixKernels.Multiply(head, tokens, values, packed, merged[(h * headSize)..], width, tokens, tokens, headSize, accumulate: false);
        }
    }

    /// <summary>Writes d(q), d(k), d(v) of one sequence from d(context) (its rows of merged gradient).</summary>
    private void SequenceBackward(
        ReadOnlySpan<float> queryKeyValue, ReadOnlySpan<float> probabilities, ReadOnlySpan<float> mergedGradient,
        Span<float> queryKeyValueGradient, Span<float> probabilityGradient, int tokens)
    {
        var (width, headSize, packed) = (Width, HeadSize, 3 * Width);
        var dLogits = probabilityGradient[..(tokens * tokens)];
        for (var h = 0; h < Heads; h++)
        {
            var head = probabilities.Slice(h * tokens * tokens, tokens * tokens);
            var queries = queryKeyValue[(h * headSize)..];
            var keys = queryKeyValue[(width + h * headSize)..];
            var values = queryKeyValue[(2 * width + h * headSize)..];
            var contextGradient = mergedGradient[(h * headSize)..];

            // dv = Pᵀ · dcontext; dP = dcontext · vᵀ.
            MatrixKernels.MultiplyTransposedA(head, tokens, contextGradient, width,
                queryKeyValueGradient[(2 * width + h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
            MatrixKernels.MultiplyTransposedB(contextGradient, width, values, packed, dLogits, tokens, tokens, headSize, tokens, accumulate: false);
            // Softmax: dlogit = P ⊙ (dP - Σ dP ⊙ P), times the query scale the logits were multiplied by.
            for (var t = 0; t < tokens; t++)
            {
                var row = dLogits.Slice(t * tokens, tokens);
                var p = head.Slice(t * tokens, tokens);
                var projection = TensorPrimitives.Dot(row, p);
                TensorPrimitives.Subtract(row, projection, row);
                TensorPrimitives.Multiply(row, p, row);
                TensorPrimitives.Multiply(row, QueryScale, row);
            }
            // dq = dlogits · k; dk = dlogitsᵀ · q.
            MatrixKernels.Multiply(dLogits, tokens, keys, packed, queryKeyValueGradient[(h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
            MatrixKernels.MultiplyTransposedA(dLogits, tokens, queries, packed, queryKeyValueGradient[(width + h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
        }
    }

    private static int Sum(ReadOnlySpan<int> lengths)
    {
        var sum = 0;
        foreach (var length in lengths) sum += length;
        return sum;
    }
}
