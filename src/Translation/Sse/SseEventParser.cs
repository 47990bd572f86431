using System.Buffers;
using ExtProcRouter.Translation.Buffers;

namespace ExtProcRouter.Translation.Sse;

/// <summary>
/// Incremental parser for <c>text/event-stream</c> (WHATWG HTML "server-sent events", §9.2.6 interpretation):
/// chunks may split anywhere, each byte is scanned once, and an event is handed out the moment its blank line
/// arrives. Only the unfinished line and the current event's data are kept, in pooled buffers.
/// </summary>
internal sealed class SseEventParser : IDisposable
{
    private readonly PooledByteBuffer _partialLine = new();
    private readonly PooledByteBuffer _data = new();
    private readonly PooledByteBuffer _eventType = new();
    private readonly int _maxEventBytes;
    private bool _hasData;
    // A chunk that ended on '\r' may be followed by the '\n' of the same CRLF in the next chunk.
    private bool _skipLineFeed;

    public SseEventParser(int maxEventBytes = 16 * 1024 * 1024) => _maxEventBytes = maxEventBytes;

    /// <summary>True when an event grew beyond the size limit; the stream must be ended with an error.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>True when bytes of an undispatched event (or an unfinished line) are pending.</summary>
    public bool HasPendingEvent => _partialLine.Length > 0 || _hasData;

    /// <summary>Parses <paramref name="chunk"/>; returns false when the handler stopped the stream or an event overflowed.</summary>
    public bool Feed<THandler>(ReadOnlySpan<byte> chunk, THandler handler, IBufferWriter<byte> output)
        where THandler : ISseEventHandler
    {
        while (!chunk.IsEmpty)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _partialLine.Append(chunk);
                return !CheckOverflow();
            }

            ReadOnlySpan<byte> line;
            if (_partialLine.Length > 0)
            {
                _partialLine.Append(chunk[..end]);
                line = _partialLine.WrittenSpan;
            }
            else
            {
                line = chunk[..end];
            }

            var consumed = end + 1;
            if (chunk[end] == (byte)'\r')
            {
                if (consumed < chunk.Length)
                {
                    if (chunk[consumed] == (byte)'\n') consumed++;
                }
                else
                {
                    _skipLineFeed = true;
                }
            }
            chunk = chunk[consumed..];

            var keepGoing = ProcessLine(line, handler, output);
            _partialLine.Clear();
            if (!keepGoing || CheckOverflow()) return false;
        }
        return true;
    }

    /// <summary>
    /// End of stream: an unfinished last line and an event lacking its blank line are still dispatched, so a
    /// stream cut inside an event surfaces as an incomplete JSON payload the handler reports as an error.
    /// </summary>
    public bool Complete<THandler>(THandler handler, IBufferWriter<byte> output) where THandler : ISseEventHandler
    {
        if (_partialLine.Length > 0)
        {
            var keepGoing = ProcessLine(_partialLine.WrittenSpan, handler, output);
            _partialLine.Clear();
            if (!keepGoing) return false;
        }
        return !_hasData || Dispatch(handler, output);
    }

    public void Dispose()
    {
        _partialLine.Dispose();
        _data.Dispose();
        _eventType.Dispose();
    }

    private bool ProcessLine<THandler>(ReadOnlySpan<byte> line, THandler handler, IBufferWriter<byte> output)
        where THandler : ISseEventHandler
    {
        if (line.IsEmpty)
        {
            if (_hasData) return Dispatch(handler, output);
            _eventType.Clear();
            return true;
        }
        if (line[0] == (byte)':') return true; // comment, e.g. keep-alive

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData) _data.Append((byte)'\n');
            _data.Append(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType.Clear();
            _eventType.Append(value);
        }
        // "id" and "retry" do not matter to a translator.
        return true;
    }

    private bool Dispatch<THandler>(THandler handler, IBufferWriter<byte> output) where THandler : ISseEventHandler
    {
        var keepGoing = handler.OnEvent(_eventType.WrittenSpan, _data.WrittenSpan, output);
        _data.Clear();
        _eventType.Clear();
        _hasData = false;
        return keepGoing;
    }

    private bool CheckOverflow()
    {
        if (_partialLine.Length + _data.Length <= _maxEventBytes) return false;
        Overflowed = true;
        return true;
    }
}
