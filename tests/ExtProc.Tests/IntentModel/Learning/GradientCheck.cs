using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

/// <summary>
/// Compares analytic gradients with central finite differences of a scalar loss (accumulated in double), on a fixed
/// random sample of coordinates.
/// </summary>
internal static class GradientCheck
{
    /// <summary>Relative errors below this pass; float32 differences with ε = 1e-3 sit far below it.</summary>
    public const double Threshold = 1e-2;

    /// <summary>
    /// Below this size a gradient counts as zero for the relative error, so float rounding in a vanishing difference
    /// does not read as a large relative error.
    /// </summary>
    public const double Floor = 1e-2;

    /// <summary>
    /// The worst |analytic - numeric| / max(|analytic| + |numeric|, floor) over up to <paramref name="samples"/>
    /// coordinates of <paramref name="values"/>; <paramref name="loss"/> recomputes the loss from the current values.
    /// </summary>
    public static double WorstRelativeError(float[] values, ReadOnlySpan<float> analytic, Func<double> loss, int samples = 40, float epsilon = 4e-3f, int seed = 7)
    {
        var random = new Random(seed);
        var worst = 0d;
        var count = Math.Min(samples, values.Length);
        for (var s = 0; s < count; s++)
        {
            var i = count == values.Length ? s : random.Next(values.Length);
            var original = values[i];
            values[i] = original + epsilon;
            var plus = loss();
            values[i] = original - epsilon;
            var minus = loss();
            values[i] = original;
            var numeric = (plus - minus) / (2d * epsilon);
            var error = Math.Abs(analytic[i] - numeric) / Math.Max(Math.Abs(analytic[i]) + Math.Abs(numeric), Floor);
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    /// <summary>Asserts the worst relative error of <paramref name="name"/>'s gradient is under <see cref="Threshold"/>.</summary>
    public static void AssertMatches(string name, float[] values, ReadOnlySpan<float> analytic, Func<double> loss, int samples = 40, float epsilon = 4e-3f)
    {
        var worst = WorstRelativeError(values, analytic, loss, samples, epsilon);
        Assert.True(worst < Threshold, $"{name}: worst relative error {worst:G3} (threshold {Threshold})");
    }

    /// <summary>Σ output ⊙ weights in double: a loss whose gradient with respect to output is exactly <paramref name="weights"/>.</summary>
    public static double Projection(ReadOnlySpan<float> output, ReadOnlySpan<float> weights)
    {
        var sum = 0d;
        for (var i = 0; i < output.Length; i++) sum += (double)output[i] * weights[i];
        return sum;
    }

    public static float[] RandomArray(Random random, int length, float spread = 1f)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * spread);
        return values;
    }

    public static Parameter RandomParameter(Random random, string name, float spread, params int[] shape) =>
        new(name, shape, RandomArray(random, shape.Aggregate(1, (a, b) => a * b), spread));

    /// <summary>A copy of a gradient with one coordinate visibly wrong, to prove the check can fail.</summary>
    public static float[] Corrupted(ReadOnlySpan<float> gradient, int index)
    {
        var copy = gradient.ToArray();
        copy[index] = copy[index] * 1.5f + 0.1f;
        return copy;
    }
}
