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

    /// <summary>
    /// Floats of a row chunk that should stay in a core's L2 (512 KB: half of this machine's, leaving room for the
    /// other operand's panel). Chunking only matters for packed batches; one sequence of up to 128 tokens mostly fits.
    /// </summary>
    private const int CacheBudget = 128 * 1024;

    /// <summary>Rows of width <paramref name="width"/> that fit the budget, a multiple of the row block.</summary>
    private static int RowChunk(int width) => Math.Max(RowBlock, CacheBudget / Math.Max(1, width) / RowBlock * RowBlock);

    /// <summary>c[m, n] = (or +=) a[m, k] · b[k, n].</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, m, k, nameof(a));
        CheckBounds(b.Length, bStride, k, n, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        ref var b0 = ref MemoryMarshal.GetReference(b);
        // Row chunks of a small enough to stay in L2 while b's panels stream past them; the "a" element for output
        // row i at step p sits at i * aStride + p (row stride aStride, step stride 1).
        var chunk = RowChunk(k);
        for (var first = 0; first < m; first += chunk)
        {
            var rows = Math.Min(chunk, m - first);
            ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), first * aStride);
            ref var c0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), first * cStride);
            BlockedProduct(ref a0, aStride, 1, ref b0, bStride, ref c0, cStride, rows, k, n, accumulate);
        }
    }

    /// <summary>c[m, n] = (or +=) a[k, m]ᵀ · b[k, n] (the weight gradient xᵀ · dy of a dense layer).</summary>
    public static void MultiplyTransposedA(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, k, m, nameof(a));
        CheckBounds(b.Length, bStride, k, n, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        ref var c0 = ref MemoryMarshal.GetReference(c);
        // Steps (rows of a and b) in chunks whose rows of both stay in L2 while c's blocks are computed; c is read and
        // written once per chunk. Transposed: the "a" element for output row i at step p sits at p * aStride + i.
        var chunk = Math.Max(RowBlock, CacheBudget / Math.Max(1, m + n));
        for (var first = 0; first < k; first += chunk)
        {
            var steps = Math.Min(chunk, k - first);
            ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), first * aStride);
            ref var b0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), first * bStride);
            BlockedProduct(ref a0, 1, aStride, ref b0, bStride, ref c0, cStride, m, steps, n, accumulate || first > 0);
        }
    }

    /// <summary>c[m, n] = (or +=) a[m, k] · b[n, k]ᵀ (dot products of rows: attention logits, dx = dy · Wᵀ).</summary>
    public static void MultiplyTransposedB(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        CheckBounds(a.Length, aStride, m, k, nameof(a));
        CheckBounds(b.Length, bStride, n, k, nameof(b));
        CheckBounds(c.Length, cStride, m, n, nameof(c));
        // Pairs of b rows outermost: they stay in L1 while every row of a (small: one sequence) is dotted with them,
        // so b (a weight matrix) streams from memory once.
        var chunk = RowChunk(k);
        for (var first = 0; first < m; first += chunk)
        {
            var rows = Math.Min(chunk, m - first);
            DotProductRows(a[(first * aStride)..], aStride, b, bStride, c[(first * cStride)..], cStride, rows, k, n, accumulate);
        }
    }

    /// <summary>a·bᵀ for a row chunk of a that stays in L2 while pairs of b's rows pass over it.</summary>
    private static void DotProductRows(
        ReadOnlySpan<float> a, int aStride, ReadOnlySpan<float> b, int bStride, Span<float> c, int cStride,
        int m, int k, int n, bool accumulate)
    {
        var pairedRows = m - m % 2;
        var j = 0;
        for (; j + 2 <= n; j += 2)
        {
            var b0 = b.Slice(j * bStride, k);
            var b1 = b.Slice((j + 1) * bStride, k);
            var i = 0;
            for (; i + 4 <= pairedRows; i += 4)
            {
                DotFourByTwo(a, aStride, i, b0, b1, out var d00, out var d01, out var d10, out var d11, out var d20, out var d21, out var d30, out var d31);
                Store(c, i * cStride + j, d00, accumulate);
                Store(c, i * cStride + j + 1, d01, accumulate);
                Store(c, (i + 1) * cStride + j, d10, accumulate);
                Store(c, (i + 1) * cStride + j + 1, d11, accumulate);
                Store(c, (i + 2) * cStride + j, d20, accumulate);
                Store(c, (i + 2) * cStride + j + 1, d21, accumulate);
                Store(c, (i + 3) * cStride + j, d30, accumulate);
                Store(c, (i + 3) * cStride + j + 1, d31, accumulate);
            }
            for (; i < pairedRows; i += 2)
            {
                DotTwoByTwo(a.Slice(i * aStride, k), a.Slice((i + 1) * aStride, k), b0, b1, out var d00, out var d01, out var d10, out var d11);
                Store(c, i * cStride + j, d00, accumulate);
                Store(c, i * cStride + j + 1, d01, accumulate);
                Store(c, (i + 1) * cStride + j, d10, accumulate);
                Store(c, (i + 1) * cStride + j + 1, d11, accumulate);
            }
        }
        for (; j < n; j++)
        {
            var bj = b.Slice(j * bStride, k);
            for (var i = 0; i < pairedRows; i++) Store(c, i * cStride + j, TensorPrimitives.Dot(a.Slice(i * aStride, k), bj), accumulate);
        }
        for (var i = pairedRows; i < m; i++)
        {
            var ai = a.Slice(i * aStride, k);
            for (var column = 0; column < n; column++) Store(c, i * cStride + column, TensorPrimitives.Dot(ai, b.Slice(column * bStride, k)), accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> c, int index, float value, bool accumulate)
    {
        if (accumulate) c[index] += value;
        else c[index] = value;
    }

    /// <summary>Eight dot products sharing their loads: rows i..i+3 of a with b0 and b1.</summary>
    private static void DotFourByTwo(
        ReadOnlySpan<float> a, int aStride, int i, ReadOnlySpan<float> b0, ReadOnlySpan<float> b1,
        out float d00, out float d01, out float d10, out float d11, out float d20, out float d21, out float d30, out float d31)
    {
        var width = Vector<float>.Count;
        var k = b0.Length;
        Vector<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        var ra0 = a.Slice(i * aStride, k);
        var ra1 = a.Slice((i + 1) * aStride, k);
        var ra2 = a.Slice((i + 2) * aStride, k);
        var ra3 = a.Slice((i + 3) * aStride, k);
        ref var x0r = ref MemoryMarshal.GetReference(ra0);
        ref var x1r = ref MemoryMarshal.GetReference(ra1);
        ref var x2r = ref MemoryMarshal.GetReference(ra2);
        ref var x3r = ref MemoryMarshal.GetReference(ra3);
        ref var y0r = ref MemoryMarshal.GetReference(b0);
        ref var y1r = ref MemoryMarshal.GetReference(b1);
        var p = 0;
        for (; p + width <= k; p += width)
        {
            var y0 = Vector.LoadUnsafe(ref y0r, (nuint)p);
            var y1 = Vector.LoadUnsafe(ref y1r, (nuint)p);
            var x = Vector.LoadUnsafe(ref x0r, (nuint)p);
            s00 = Vector.FusedMultiplyAdd(x, y0, s00);
            s01 = Vector.FusedMultiplyAdd(x, y1, s01);
            x = Vector.LoadUnsafe(ref x1r, (nuint)p);
            s10 = Vector.FusedMultiplyAdd(x, y0, s10);
            s11 = Vector.FusedMultiplyAdd(x, y1, s11);
            x = Vector.LoadUnsafe(ref x2r, (nuint)p);
            s20 = Vector.FusedMultiplyAdd(x, y0, s20);
            s21 = Vector.FusedMultiplyAdd(x, y1, s21);
            x = Vector.LoadUnsafe(ref x3r, (nuint)p);
            s30 = Vector.FusedMultiplyAdd(x, y0, s30);
            s31 = Vector.FusedMultiplyAdd(x, y1, s31);
        }
        (d00, d01, d10, d11) = (Vector.Sum(s00), Vector.Sum(s01), Vector.Sum(s10), Vector.Sum(s11));
        (d20, d21, d30, d31) = (Vector.Sum(s20), Vector.Sum(s21), Vector.Sum(s30), Vector.Sum(s31));
        for (; p < k; p++)
        {
            d00 += ra0[p] * b0[p];
            d01 += ra0[p] * b1[p];
            d10 += ra1[p] * b0[p];
            d11 += ra1[p] * b1[p];
            d20 += ra2[p] * b0[p];
            d21 += ra2[p] * b1[p];
            d30 += ra3[p] * b0[p];
            d31 += ra3[p] * b1[p];
        }
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
        var blockedRows = m - m % RowBlock;
        // Column panels outermost: one panel of b (k rows of a few vectors) stays in cache while every row block of a
        // passes over it, so b streams from memory once instead of once per row block.
        var j = 0;
        for (; j + 3 * width <= n; j += 3 * width)
            for (var i = 0; i < blockedRows; i += RowBlock) FourRowsThreeVectors(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
        for (; j + 2 * width <= n; j += 2 * width)
            for (var i = 0; i < blockedRows; i += RowBlock) FourRowsTwoVectors(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
        for (; j + width <= n; j += width)
            for (var i = 0; i < blockedRows; i++) OneRowOneVector(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
        for (; j < n; j++)
            for (var i = 0; i < blockedRows; i++) OneElement(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, j, k, accumulate);
        for (var i = blockedRows; i < m; i++)
        {
            var column = 0;
            for (; column + width <= n; column += width) OneRowOneVector(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, column, k, accumulate);
            for (; column < n; column++) OneElement(ref a0, aRowStride, aStepStride, ref b0, bStride, ref c0, cStride, i, column, k, accumulate);
        }
    }

    private static void FourRowsThreeVectors(
        ref float a0, int aRowStride, int aStepStride, ref float b0, int bStride, ref float c0, int cStride,
        int i, int j, int k, bool accumulate)
    {
        var width = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        ref var aRow0 = ref Unsafe.Add(ref a0, i * aRowStride);
        ref var aRow1 = ref Unsafe.Add(ref a0, (i + 1) * aRowStride);
        ref var aRow2 = ref Unsafe.Add(ref a0, (i + 2) * aRowStride);
        ref var aRow3 = ref Unsafe.Add(ref a0, (i + 3) * aRowStride);
        for (var p = 0; p < k; p++)
        {
            ref var bRow = ref Unsafe.Add(ref b0, p * bStride + j);
            var b0v = Vector.LoadUnsafe(ref bRow);
            var b1v = Vector.LoadUnsafe(ref bRow, (nuint)width);
            var b2v = Vector.LoadUnsafe(ref bRow, (nuint)(2 * width));
            var step = p * aStepStride;
            var x = new Vector<float>(Unsafe.Add(ref aRow0, step));
            c00 = Vector.FusedMultiplyAdd(x, b0v, c00);
            c01 = Vector.FusedMultiplyAdd(x, b1v, c01);
            c02 = Vector.FusedMultiplyAdd(x, b2v, c02);
            x = new Vector<float>(Unsafe.Add(ref aRow1, step));
            c10 = Vector.FusedMultiplyAdd(x, b0v, c10);
            c11 = Vector.FusedMultiplyAdd(x, b1v, c11);
            c12 = Vector.FusedMultiplyAdd(x, b2v, c12);
            x = new Vector<float>(Unsafe.Add(ref aRow2, step));
            c20 = Vector.FusedMultiplyAdd(x, b0v, c20);
            c21 = Vector.FusedMultiplyAdd(x, b1v, c21);
            c22 = Vector.FusedMultiplyAdd(x, b2v, c22);
            x = new Vector<float>(Unsafe.Add(ref aRow3, step));
            c30 = Vector.FusedMultiplyAdd(x, b0v, c30);
            c31 = Vector.FusedMultiplyAdd(x, b1v, c31);
            c32 = Vector.FusedMultiplyAdd(x, b2v, c32);
        }
        StoreTriple(ref Unsafe.Add(ref c0, i * cStride + j), c00, c01, c02, accumulate);
        StoreTriple(ref Unsafe.Add(ref c0, (i + 1) * cStride + j), c10, c11, c12, accumulate);
        StoreTriple(ref Unsafe.Add(ref c0, (i + 2) * cStride + j), c20, c21, c22, accumulate);
        StoreTriple(ref Unsafe.Add(ref c0, (i + 3) * cStride + j), c30, c31, c32, accumulate);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTriple(ref float target, Vector<float> first, Vector<float> second, Vector<float> third, bool accumulate)
    {
        StorePair(ref target, first, second, accumulate);
        ref var last = ref Unsafe.Add(ref target, 2 * Vector<float>.Count);
        if (accumulate) third += Vector.LoadUnsafe(ref last);
        third.StoreUnsafe(ref last);
    }

    /// <summary>The kernels index with unchecked refs, so every call first proves its rows fit in the span.</summary>
    private static void CheckBounds(int length, int stride, int rows, int columns, string name)
    {
        if (rows < 0 || columns < 0 || stride < columns) throw new ArgumentOutOfRangeException(name, $"Stride {stride} is shorter than {columns} columns.");
        if (rows > 0 && columns > 0 && (long)(rows - 1) * stride + columns > length)
            throw new ArgumentOutOfRangeException(name, $"{rows} rows of {columns} with stride {stride} do not fit in {length} values.");
    }
}
