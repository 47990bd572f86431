using System.Buffers;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Translation.Json;

/// <summary>
/// Copies an upstream JSON value with at most one value replaced (the model) and at most one insertion (the cost in
/// usage): the pass-throughs edit bytes in place instead of re-serialising what they do not change.
/// </summary>
internal static class JsonSplice
{
    /// <param name="replaced">The range whose bytes become <paramref name="replacement"/>, or none.</param>
    /// <param name="insertAt">Where <paramref name="insertion"/> goes (outside <paramref name="replaced"/>), or -1.</param>
    /// <param name="asEventPayload">Write as an SSE data payload, continuing embedded line feeds as data lines.</param>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> json, JsonRange replaced, ReadOnlySpan<byte> replacement,
        int insertAt, ReadOnlySpan<byte> insertion, bool asEventPayload)
    {
        var position = 0;
        if (replaced.IsPresent && (insertAt < 0 || replaced.Start < insertAt))
        {
            position = Replace(output, json, position, replaced, replacement, asEventPayload);
            replaced = JsonRange.None;
        }
        if (insertAt >= 0)
        {
            Copy(output, json[position..insertAt], asEventPayload);
            output.Write(insertion);
            position = insertAt;
        }
        if (replaced.IsPresent) position = Replace(output, json, position, replaced, replacement, asEventPayload);
        Copy(output, json[position..], asEventPayload);
    }

    private static int Replace(IBufferWriter<byte> output, ReadOnlySpan<byte> json, int position, JsonRange replaced,
        ReadOnlySpan<byte> replacement, bool asEventPayload)
    {
        Copy(output, json[position..replaced.Start], asEventPayload);
        output.Write(replacement);
        return replaced.Start + replaced.Length;
    }

    private static void Copy(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes, bool asEventPayload)
    {
        if (asEventPayload) SseWriting.WritePayload(output, bytes);
        else output.Write(bytes);
    }
}
