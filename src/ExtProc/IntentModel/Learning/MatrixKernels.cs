using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// The three matrix products a dense layer's forward and backward passes need, on row-major float spans with explicit
/// row strides (so attention can read one head's columns out of the packed q/k/v rows without copying).
/// </summary>
/// <remarks>
/// Training time is almost all spent here. Each kernel keeps a 4-row x 2-vector block of the output in registers
/// while it walks the shared dimension, so every loaded vector of the right-hand matrix feeds four FMAs instead of one
/// and the output is written once per block rather than once per step. Leftover rows and columns fall back to
/// narrower loops with the same arithmetic order.
/// </remarks>
public static class MatrixKernels
{
    private const int RowBlock = 4;

    /// <summary>c[m, n] = (or +=) a[m, k] · b[k, n].</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, m, k, nameof(a));
        CheckBounds(b.Length, bStride, k, n, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        // The "a" element for output row i at step p sits at i * aStride + p: row stride aStride, step stride 1.
        BlockedProduct(ref a0, aStride, 1, ref b0, bStride, ref c0, cStride, m, k, n, accumulate);
    }

    /// <summary>c[m, n] = (or +=) a[k, m]ᵀ · b[k, n] (the weight gradient xᵀ · dy of a dense layer).</summary>
    public static void MultiplyTransposedA(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, k, m, nameof(a));
        CheckBounds(b.Length, bStride, k, n, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        // Transposed: the "a" element for output row i at step p sits at p * aStride + i.
        BlockedProduct(ref a0, 1, aStride, ref b0, bStride, ref c0, cStride, m, k, n, accumulate);
    }

    /// <summary>c[m, n] = (or +=) a[m, k] · b[n, k]ᵀ (dot products of rows: attention logits, dx = dy · Wᵀ).</summary>
    public static void MultiplyTransposedB(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, m, k, nameof(a));
        CheckBounds(b.Length, bStride, n, k, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        var i = 0;
        for (; i + 2 <= m; i += 2)
        {
            var a0 = a.Slice(i * aStride, k);
            var a1 = a.Slice((i + 1) * aStride, k);
            var j = 0;
            for (; j + 2 <= n; j += 2)
            {
                var b0 = b.Slice(j * bStride, k);
                var b1 = b.Slice((j + 1) * bStride, k);
                DotTwoByTwo(a0, a1, b0, b1, out var d00, out var d01, out var d10, out var d11);
                Store(c, i * cStride + j, d00, accumulate);
                Store(c, i * cStride + j + 1, d01, accumulate);
                Store(c, (i + 1) * cStride + j, d10, accumulate);
                Store(c, (i + 1) * cStride + j + 1, d11, accumulate);
            }
            for (; j < n; j++)
            {
                var bj = b.Slice(j * bStride, k);
                Store(c, i * cStride + j, TensorPrimitives.Dot(a0, bj), accumulate);
                Store(c, (i + 1) * cStride + j, TensorPrimitives.Dot(a1, bj), accumulate);
            }
        }
        for (; i < m; i++)
        {
            var ai = a.Slice(i * aStride, k);
            for (var j = 0; j < n; j++) Store(c, i * cStride + j, TensorPrimitives.Dot(ai, b.Slice(j * bStride, k)), accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> c, int index, float value, bool accumulate)
    {
        if (accumulate) c[index] += value;
        else c[index] = value;
    }

    /// <summary>Four dot products sharing their loads: a0·b0, a0·b1, a1·b0, a1·b1.</summary>
    private static void DotTwoByTwo(
        ReadOnlySpan<float> a0, ReadOnlySpan<float> a1, ReadOnlySpan<float> b0, ReadOnlySpan<float> b1,
        out float d00, out float d01, out float d10, out float d11)
    {
        var width = Vector<float>.Count;
        var k = a0.Length;
        Vector<float> s00 = default, s01 = default, s10 = default, s11 = default;
        ref var ra0 = ref MemoryMarshal.GetReference(a0);
        ref var ra1 = ref MemoryMarshal.GetReference(a1);
        ref var rb0 = ref MemoryMarshal.GetReference(b0);
        ref var rb1 = ref MemoryMarshal.GetReference(b1);
        var p = 0;
        for (; p + width <= k; p += width)
        {
            var x0 = Vector.LoadUnsafe(ref ra0, (nuint)p);
            var x1 = Vector.LoadUnsafe(ref ra1, (nuint)p);
            var y0 = Vector.LoadUnsafe(ref rb0, (nuint)p);
            var y1 = Vector.LoadUnsafe(ref rb1, (nuint)p);
            s00 = Vector.FusedMultiplyAdd(x0, y0, s00);
            s01 = Vector.FusedMultiplyAdd(x0, y1, s01);
            s10 = Vector.FusedMultiplyAdd(x1, y0, s10);
            s11 = Vector.FusedMultiplyAdd(x1, y1, s11);
        }
        d00 = Vector.Sum(s00);
        d01 = Vector.Sum(s01);
        d10 = Vector.Sum(s10);
        d11 = Vector.Sum(s11);
        for (; p < k; p++)
        {
            d00 += a0[p] * b0[p];
            d01 += a0[p] * b1[p];
            d10 += a1[p] * b0[p];
            d11 += a1[p] * b1[p];
        }
    }

    /// <summary>
    /// c[i, j] (+)= Σ_p a(i, p) · b[p, j] where a(i, p) = a0[i * aRowStride + p * aStepStride]; covers both a and aᵀ.
    /// </summary>
    private static void BlockedProduct(
        ref float a0, int aRowStride, int aStepStride, ref float b0, int bStride, ref float c0, int cStride,
        int m, int k, int n, bool accumulate)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + RowBlock <= m; i += RowBlock)
        {
            var j = 0;
            for (; j + 2 * width <= n; j += 2 * width) FourRowsTwoVectors(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
            for (; j + width <= n; j += width)
                for (var r = 0; r < RowBlock; r++) OneRowOneVector(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i + r, j, k, accumulate);
            for (; j < n; j++)
                for (var r = 0; r < RowBlock; r++) OneElement(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i + r, j, k, accumulate);
        }
        for (; i < m; i++)
        {
            var j = 0;
            for (; j + width <= n; j += width) OneRowOneVector(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
            for (; j < n; j++) OneElement(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
        }
    }

    private static void FourRowsTwoVectors(
        ref float a0, int aRowStride, int aStepStride, ref float b0, int bStride, ref float c0, int cStride,
        int i, int j, int k, bool accumulate)
    {
        var width = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        ref var aRow0 = ref Unsafe.Add(ref a0, i * aRowStride);
        ref var aRow1 = ref Unsafe.Add(ref a0, (i + 1) * aRowStride);
        ref var aRow2 = ref Unsafe.Add(ref a0, (i + 2) * aRowStride);
        ref var aRow3 = ref Unsafe.Add(ref a0, (i + 3) * aRowStride);
        for (var p = 0; p < k; p++)
        {
            ref var bRow = ref Unsafe.Add(ref b0, p * bStride + j);
            var b0v = Vector.LoadUnsafe(ref bRow);
            var b1v = Vector.LoadUnsafe(ref bRow, (nuint)width);
            var step = p * aStepStride;
            var x = new Vector<float>(Unsafe.Add(ref aRow0, step));
            c00 = Vector.FusedMultiplyAdd(x, b0v, c00);
            c01 = Vector.FusedMultiplyAdd(x, b1v, c01);
            x = new Vector<float>(Unsafe.Add(ref aRow1, step));
            c10 = Vector.FusedMultiplyAdd(x, b0v, c10);
            c11 = Vector.FusedMultiplyAdd(x, b1v, c11);
            x = new Vector<float>(Unsafe.Add(ref aRow2, step));
            c20 = Vector.FusedMultiplyAdd(x, b0v, c20);
            c21 = Vector.FusedMultiplyAdd(x, b1v, c21);
            x = new Vector<float>(Unsafe.Add(ref aRow3, step));
            c30 = Vector.FusedMultiplyAdd(x, b0v, c30);
            c31 = Vector.FusedMultiplyAdd(x, b1v, c31);
        }
        StorePair(ref Unsafe.Add(ref c0, i * cStride + j), c00, c01, accumulate);
        StorePair(ref Unsafe.Add(ref c0, (i + 1) * cStride + j), c10, c11, accumulate);
        StorePair(ref Unsafe.Add(ref c0, (i + 2) * cStride + j), c20, c21, accumulate);
        StorePair(ref Unsafe.Add(ref c0, (i + 3) * cStride + j), c30, c31, accumulate);
    }

    private static void OneRowOneVector(
        ref float a0, int aRowStride, int aStepStride, ref float b0, int bStride, ref float c0, int cStride,
        int i, int j, int k, bool accumulate)
    {
        Vector<float> sum = default;
        ref var aRow = ref Unsafe.Add(ref a0, i * aRowStride);
        for (var p = 0; p < k; p++)
            sum = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref aRow, p * aStepStride)), Vector.LoadUnsafe(ref Unsafe.Add(ref b0, p * bStride + j)), sum);
        ref var target = ref Unsafe.Add(ref c0, i * cStride + j);
        if (accumulate) sum += Vector.LoadUnsafe(ref target);
        sum.StoreUnsafe(ref target);
    }

    private static void OneElement(
        ref float a0, int aRowStride, int aStepStride, ref float b0, int bStride, ref float c0, int cStride,
        int i, int j, int k, bool accumulate)
    {
        var sum = 0f;
        ref var aRow = ref Unsafe.Add(ref a0, i * aRowStride);
        for (var p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, p * aStepStride), Unsafe.Add(ref b0, p * bStride + j), sum);
        ref var target = ref Unsafe.Add(ref c0, i * cStride + j);
        target = accumulate ? target + sum : sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(ref float target, Vector<float> first, Vector<float> second, bool accumulate)
    {
        var width = Vector<float>.Count;
        if (accumulate)
        {
            first += Vector.LoadUnsafe(ref target);
            second += Vector.LoadUnsafe(ref target, (nuint)width);
        }
        first.StoreUnsafe(ref target);
        second.StoreUnsafe(ref target, (nuint)width);
    }

    /// <summary>The kernels index with unchecked refs, so every call first proves its rows fit in the span.</summary>
    private static void CheckBounds(int length, int stride, int rows, int columns, string name)
    {
        if (rows < 0 || columns < 0 || stride < columns) throw new ArgumentOutOfRangeException(name, $"Stride {stride} is shorter than {columns} columns.");
        if (rows > 0 && columns > 0 && (long)(rows - 1) * stride + columns > length)
            throw new ArgumentOutOfRangeException(name, $"{rows} rows of {columns} with stride {stride} do not fit in {length} values.");
    }
}
