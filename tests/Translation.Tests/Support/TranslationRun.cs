using System.Buffers;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>Feeds an upstream body to a translator in chunks of given sizes and collects the client's bytes.</summary>
internal static class TranslationRun
{
    public static byte[] Response(ITranslator translator, int status, bool eventStream, byte[] upstreamBody, IReadOnlyList<int>? chunkSizes = null)
    {
        translator.BeginResponse(status, eventStream);
        var output = new ArrayBufferWriter<byte>();
        var position = 0;
        var sizes = chunkSizes is { Count: > 0 } ? chunkSizes : [Math.Max(upstreamBody.Length, 1)];
        var next = 0;
        while (position < upstreamBody.Length)
        {
            var size = Math.Max(1, sizes[next++ % sizes.Count]);
            var length = Math.Min(size, upstreamBody.Length - position);
            translator.TranslateResponseChunk(upstreamBody.AsSpan(position, length), false, output);
            position += length;
        }
        translator.TranslateResponseChunk([], true, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Each chunk is passed as-is with end of stream on the last, as a proxy delivering buffers would.</summary>
    public static byte[] ResponseInChunks(ITranslator translator, int status, bool eventStream, IReadOnlyList<byte[]> chunks)
    {
        translator.BeginResponse(status, eventStream);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < chunks.Count; i++)
            translator.TranslateResponseChunk(chunks[i], i == chunks.Count - 1, output);
        if (chunks.Count == 0) translator.TranslateResponseChunk([], true, output);
        return output.WrittenSpan.ToArray();
    }
}
