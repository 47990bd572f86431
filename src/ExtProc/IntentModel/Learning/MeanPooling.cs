using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>The mean of a sequence's token rows.</summary>
public static class MeanPooling
{
    public static void Forward(ReadOnlySpan<float> rows, Span<float> mean, int tokens)
    {
        var width = mean.Length;
        mean.Clear();
        for (var t = 0; t < tokens; t++) TensorPrimitives.Add(mean, rows.Slice(t * width, width), mean);
        TensorPrimitives.Divide(mean, tokens, mean);
    }

    /// <summary>Every row receives d(mean) / tokens (added into <paramref name="rowsGradient"/>).</summary>
    public static void Backward(ReadOnlySpan<float> meanGradient, Span<float> rowsGradient, int tokens)
    {
        var width = meanGradient.Length;
        var share = 1f / tokens;
        for (var t = 0; t < tokens; t++)
        {
            var row = rowsGradient.Slice(t * width, width);
            TensorPrimitives.MultiplyAdd(meanGradient, share, row, row);
        }
    }
}
