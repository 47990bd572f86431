using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Token embedding rows, multiplied by a fixed factor (USE-Lite adds each token's embedding twice).</summary>
public sealed class EmbeddingLookup(Parameter table, int width, float factor)
{
    public Parameter Table { get; } = table.Value.Length % width == 0 ? table : throw new ArgumentException($"'{table.Name}' is not a table of {width}-wide rows.", nameof(table));
    public int Width { get; } = width;
    public float Factor { get; } = factor;
    public int Rows => Table.Value.Length / Width;

    /// <summary>output[t] = factor · table[ids[t]].</summary>
    public void Forward(ReadOnlySpan<int> ids, Span<float> output)
    {
        for (var t = 0; t < ids.Length; t++) TensorPrimitives.Multiply(Row(Table.Value, ids[t]), Factor, output.Slice(t * Width, Width));
    }

    /// <summary>Adds factor · d(output[t]) into the gradient row of ids[t] (sparse: only the looked-up rows change).</summary>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> outputGradient, GradientSink? gradients = null)
    {
        var table = (gradients ?? GradientSink.Shared).For(Table);
        lock (table)
            for (var t = 0; t < ids.Length; t++)
            {
                var row = Row(table, ids[t]);
                TensorPrimitives.MultiplyAdd(outputGradient.Slice(t * Width, Width), Factor, row, row);
            }
    }

    private Span<float> Row(float[] table, int id)
    {
        if ((uint)id >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the {Rows}-row embedding table.");
        return table.AsSpan(id * Width, Width);
    }
}
