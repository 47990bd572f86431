using System.Buffers;
using System.Text;

namespace ExtProcRouter.IntentModel.Tokenizer;

/// <summary>
/// NFKC normalisation into a pooled buffer. JavaScript's <c>normalize</c> passes lone surrogates through while
/// .NET rejects them, so text containing one is normalised piecewise around it (a lone surrogate is a starter
/// that never composes, so the result is the same as the JS one).
/// </summary>
internal static class NfkcNormalizer
{
    /// <summary>
    /// Returns the NFKC form of <paramref name="text"/>: <paramref name="text"/> itself when already normalised,
    /// otherwise a span over <paramref name="rented"/> (rented from the shared pool; the caller returns it).
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, ref char[]? rented)
    {
        // ASCII is invariant under NFKC; checking it here also skips the ICU calls, which allocate ~100 bytes each.
        if (Ascii.IsValid(text))
        {
            return text;
        }
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0 || !HasLoneSurrogate(text))
        {
            if (text.IsNormalized(NormalizationForm.FormKC))
            {
                return text;
            }
            var length = text.GetNormalizedLength(NormalizationForm.FormKC);
            var buffer = Rent(ref rented, length);
            text.TryNormalize(buffer, out var written, NormalizationForm.FormKC);
            return buffer.AsSpan(0, written);
        }
        return NormalizeAroundLoneSurrogates(text, ref rented);
    }

    private static ReadOnlySpan<char> NormalizeAroundLoneSurrogates(ReadOnlySpan<char> text, ref char[]? rented)
    {
        var total = 0;
        ForEachSegment(text, (segment, isLone) => total += isLone ? 1 : segment.GetNormalizedLength(NormalizationForm.FormKC));
        var buffer = Rent(ref rented, total);
        var written = 0;
        ForEachSegment(text, (segment, isLone) =>
        {
            if (isLone)
            {
                buffer[written++] = segment[0];
            }
            else
            {
                segment.TryNormalize(buffer.AsSpan(written), out var count, NormalizationForm.FormKC);
                written += count;
            }
        });
        return buffer.AsSpan(0, written);
    }

    private delegate void SegmentAction(ReadOnlySpan<char> segment, bool isLoneSurrogate);

    private static void ForEachSegment(ReadOnlySpan<char> text, SegmentAction action)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (i > start)
            {
                action(text[start..i], false);
            }
            action(text.Slice(i, 1), true);
            start = i + 1;
        }
        if (start < text.Length)
        {
            action(text[start..], false);
        }
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    private static char[] Rent(ref char[]? rented, int length)
    {
        if (rented is null || rented.Length < length)
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
            rented = ArrayPool<char>.Shared.Rent(Math.Max(length, 16));
        }
        return rented;
    }
}
