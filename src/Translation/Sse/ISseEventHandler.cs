using System.Buffers;

namespace ExtProcRouter.Translation.Sse;

/// <summary>Receives each complete server-sent event as soon as its terminating blank line has arrived.</summary>
internal interface ISseEventHandler
{
    /// <summary>Handles one event; returns false to stop the stream (after writing a terminal event).</summary>
    /// <param name="eventType">The <c>event:</c> field, empty when absent.</param>
    /// <param name="data">The <c>data:</c> lines joined with <c>\n</c>; only valid during the call.</param>
    bool OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output);
}
