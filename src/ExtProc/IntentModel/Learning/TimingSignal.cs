namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// The sinusoidal position signal: for position t, [sin(t · inv_j) for each timescale j, then cos(t · inv_j)].
/// Fixed (no parameters), so it only has a forward pass.
/// </summary>
public sealed class TimingSignal(float[] inverseTimescales)
{
    public float[] InverseTimescales { get; } = inverseTimescales;
    public int Width => 2 * InverseTimescales.Length;

    /// <summary>Adds the signal of positions 0..tokens-1 to rows of <see cref="Width"/> values.</summary>
    public void AddTo(Span<float> rows, int tokens)
    {
        var half = InverseTimescales.Length;
        for (var t = 0; t < tokens; t++)
        {
            var row = rows.Slice(t * Width, Width);
            for (var j = 0; j < half; j++)
            {
                // Position times timescale in float, as the serving graph computes it.
                var angle = (float)t * InverseTimescales[j];
                row[j] += MathF.Sin(angle);
                row[half + j] += MathF.Cos(angle);
            }
        }
    }
}
