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

    /// <summary>output[tokens, outputs] = (or +=) attention(input[tokens, width]).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Activations saved, int tokens, bool accumulate = false)
    {
        var width = Width;
        var headSize = HeadSize;
        var packed = 3 * width;
        QueryKeyValue.Forward(input, saved.QueryKeyValue, tokens);
        for (var h = 0; h < Heads; h++)
        {
            var probabilities = saved.Probabilities.Slice(h * tokens * tokens, tokens * tokens);
            ReadOnlySpan<float> queries = saved.QueryKeyValue[(h * headSize)..];
            ReadOnlySpan<float> keys = saved.QueryKeyValue[(width + h * headSize)..];
            ReadOnlySpan<float> values = saved.QueryKeyValue[(2 * width + h * headSize)..];
            MatrixKernels.MultiplyTransposedB(queries, packed, keys, packed, probabilities, tokens, tokens, headSize, tokens, accumulate: false);
            for (var t = 0; t < tokens; t++)
            {
                var row = probabilities.Slice(t * tokens, tokens);
                TensorPrimitives.Multiply(row, QueryScale, row);
                TensorPrimitives.SoftMax(row, row);
            }
            MatrixKernels.Multiply(probabilities, tokens, values, packed, saved.Merged[(h * headSize)..], width, tokens, tokens, headSize, accumulate: false);
        }
        Output.Forward(saved.Merged, output, tokens, accumulate);
    }

    /// <summary>
    /// Adds d(input) for d(output) into <paramref name="inputGradient"/>, and the projections' parameter gradients when
    /// <paramref name="updateParameters"/>. The scratch spans are [tokens, width], [tokens, 3 · width] and [tokens, tokens].
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, Activations saved, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
        Span<float> mergedGradient, Span<float> queryKeyValueGradient, Span<float> probabilityGradient, int tokens, bool updateParameters)
    {
        var width = Width;
        var headSize = HeadSize;
        var packed = 3 * width;
        Output.Backward(saved.Merged, outputGradient, mergedGradient[..(tokens * width)], tokens, accumulateInputGradient: false, updateParameters);
        var dLogits = probabilityGradient[..(tokens * tokens)];
        for (var h = 0; h < Heads; h++)
        {
            ReadOnlySpan<float> probabilities = saved.Probabilities.Slice(h * tokens * tokens, tokens * tokens);
            ReadOnlySpan<float> queries = saved.QueryKeyValue[(h * headSize)..];
            ReadOnlySpan<float> keys = saved.QueryKeyValue[(width + h * headSize)..];
            ReadOnlySpan<float> values = saved.QueryKeyValue[(2 * width + h * headSize)..];
            ReadOnlySpan<float> contextGradient = mergedGradient[(h * headSize)..];

            // dv = Pᵀ · dcontext; dP = dcontext · vᵀ.
            MatrixKernels.MultiplyTransposedA(probabilities, tokens, contextGradient, width,
                queryKeyValueGradient[(2 * width + h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
            MatrixKernels.MultiplyTransposedB(contextGradient, width, values, packed, dLogits, tokens, tokens, headSize, tokens, accumulate: false);
            // Softmax: dlogit = P ⊙ (dP - Σ dP ⊙ P), times the query scale the logits were multiplied by.
            for (var t = 0; t < tokens; t++)
            {
                var row = dLogits.Slice(t * tokens, tokens);
                var p = probabilities.Slice(t * tokens, tokens);
                var projection = TensorPrimitives.Dot(row, p);
                TensorPrimitives.Subtract(row, projection, row);
                TensorPrimitives.Multiply(row, p, row);
                TensorPrimitives.Multiply(row, QueryScale, row);
            }
            // dq = dlogits · k; dk = dlogitsᵀ · q.
            MatrixKernels.Multiply(dLogits, tokens, keys, packed, queryKeyValueGradient[(h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
            MatrixKernels.MultiplyTransposedA(dLogits, tokens, queries, packed, queryKeyValueGradient[(width + h * headSize)..], packed, tokens, tokens, headSize, accumulate: false);
        }
        QueryKeyValue.Backward(input, queryKeyValueGradient[..(tokens * packed)], inputGradient, tokens, accumulateInputGradient: true, updateParameters);
    }
}
