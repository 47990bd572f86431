using System.Buffers;

namespace ExtProcRouter.Translation.Sse;

/// <summary>Framing of outgoing server-sent events; payloads are written between prefix and end by the caller.</summary>
internal static class SseWriting
{
    public static void BeginData(IBufferWriter<byte> output) => output.Write("data: "u8);

    public static void BeginEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> eventType)
    {
        output.Write("event: "u8);
        output.Write(eventType);
        output.Write("\ndata: "u8);
    }

    public static void End(IBufferWriter<byte> output) => output.Write("\n\n"u8);

    public static void WriteDone(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    /// <summary>
    /// Writes an upstream payload after a <c>data: </c> prefix. A payload that arrived as several data lines holds
    /// line feeds; each continues as its own data line, so the client rebuilds the same payload.
    /// </summary>
    public static void WritePayload(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var lineFeed = payload.IndexOf((byte)'\n');
        while (lineFeed >= 0)
        {
            output.Write(payload[..lineFeed]);
            output.Write("\ndata: "u8);
            payload = payload[(lineFeed + 1)..];
            lineFeed = payload.IndexOf((byte)'\n');
        }
        output.Write(payload);
    }

    public static bool IsDone(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8);
}
