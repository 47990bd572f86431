using System.Buffers;
using System.Text;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Tests.Translation.Sse;

public sealed class SseEventParserTests
{
    private sealed class Recorder : ISseEventHandler
    {
        public List<(string Type, string Data)> Events { get; } = [];
        public int StopAfter { get; init; } = int.MaxValue;

        public bool OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
        {
            Events.Add((Encoding.UTF8.GetString(eventType), Encoding.UTF8.GetString(data)));
            return Events.Count < StopAfter;
        }
    }

    private static List<(string Type, string Data)> ParseInChunks(string stream, int chunkSize)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var recorder = new Recorder();
        using var parser = new SseEventParser();
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < bytes.Length; i += chunkSize)
            Assert.True(parser.Feed(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)), recorder, output));
        Assert.True(parser.Complete(recorder, output));
        return recorder.Events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Events_are_the_same_for_any_chunk_size_and_line_ending(int chunkSize)
    {
        const string stream = "event: a\ndata: {\"x\":\"é世🙂\"}\n\n: keep-alive comment\r\n\r\nevent: b\r\ndata:first\r\ndata: second\r\n\r\ndata: third\r\rid: 7\nretry: 10\ndata: [DONE]\n\n";
        var events = ParseInChunks(stream, chunkSize);
        Assert.Equal(
            [("a", "{\"x\":\"é世🙂\"}"), ("b", "first\nsecond"), ("", "third"), ("", "[DONE]")],
            events);
    }

    [Fact]
    public void A_CR_at_a_chunk_end_followed_by_LF_is_one_line_break()
    {
        var recorder = new Recorder();
        using var parser = new SseEventParser();
        var output = new ArrayBufferWriter<byte>();
        parser.Feed("data: x\r"u8, recorder, output);
        parser.Feed("\n\r"u8, recorder, output);
        Assert.Single(recorder.Events);
        parser.Feed("\ndata: y\r\n\r\n"u8, recorder, output);
        Assert.Equal([("", "x"), ("", "y")], recorder.Events);
    }

    [Fact]
    public void An_event_is_dispatched_as_soon_as_its_blank_line_arrives()
    {
        var recorder = new Recorder();
        using var parser = new SseEventParser();
        var output = new ArrayBufferWriter<byte>();
        parser.Feed("data: one\n"u8, recorder, output);
        Assert.Empty(recorder.Events);
        parser.Feed("\ndata: tw"u8, recorder, output);
        Assert.Equal([("", "one")], recorder.Events);
        Assert.True(parser.HasPendingEvent);
    }

    [Fact]
    public void Unterminated_last_event_is_dispatched_at_completion()
    {
        Assert.Equal([("", "{\"partial\":")], ParseInChunks("data: {\"partial\":", 3));
    }

    [Fact]
    public void Handler_can_stop_the_stream()
    {
        var recorder = new Recorder { StopAfter = 1 };
        using var parser = new SseEventParser();
        Assert.False(parser.Feed("data: 1\n\ndata: 2\n\n"u8, recorder, new ArrayBufferWriter<byte>()));
        Assert.Single(recorder.Events);
    }

    [Fact]
    public void An_event_past_the_size_limit_overflows_instead_of_growing_without_bound()
    {
        using var parser = new SseEventParser(maxEventBytes: 16);
        var recorder = new Recorder();
        var keepGoing = parser.Feed("data: 0123456789abcdefghij"u8, recorder, new ArrayBufferWriter<byte>());
        Assert.False(keepGoing);
        Assert.True(parser.Overflowed);
    }
}
