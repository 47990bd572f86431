using System.Numerics;
using System.Runtime.InteropServices;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>The two SIMD kernels the head's forward and backward passes spend their time in.</summary>
internal static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
            for (var v = 0; v < va.Length; v++) sum += va[v] * vb[v];
            i = va.Length * Vector<float>.Count;
        }
        var result = Vector.Sum(sum);
        for (; i < a.Length; i++) result += a[i] * b[i];
        return result;
    }

    /// <summary>y += alpha * x.</summary>
    public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float alpha)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x[..y.Length]);
            var va = new Vector<float>(alpha);
            for (var v = 0; v < vy.Length; v++) vy[v] += va * vx[v];
            i = vy.Length * Vector<float>.Count;
        }
        for (; i < y.Length; i++) y[i] += alpha * x[i];
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = MathF.Sqrt(Dot(a, a) * Dot(b, b));
        return norms > 0 ? Dot(a, b) / norms : 0f;
    }
}
