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

    public static bool IsDone(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8);
}
