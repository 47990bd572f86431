using System.Text;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>A client-side view of an SSE body: its events as (event type, data) in order.</summary>
internal static class SseTranscript
{
    public sealed record Event(string Type, string Data);

    public static IReadOnlyList<Event> Parse(byte[] body) => Parse(Encoding.UTF8.GetString(body));

    public static IReadOnlyList<Event> Parse(string body)
    {
        var events = new List<Event>();
        foreach (var block in body.Replace("\r\n", "\n").Split("\n\n"))
        {
            if (block.Trim().Length == 0) continue;
            string type = "";
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal)) type = line["event:".Length..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Add(line["data:".Length..].TrimStart(' '));
            }
            events.Add(new Event(type, string.Join('\n', data)));
        }
        return events;
    }

    /// <summary>Asserts two SSE bodies carry the same events, comparing JSON payloads structurally.</summary>
    public static void AssertEquivalent(string expected, byte[] actual)
    {
        var want = Parse(expected);
        var got = Parse(actual);
        var context = "\nactual stream:\n" + Encoding.UTF8.GetString(actual);
        Assert.True(want.Count == got.Count, $"expected {want.Count} events, got {got.Count}{context}");
        for (var i = 0; i < want.Count; i++)
        {
            Assert.True(want[i].Type == got[i].Type, $"event {i}: type '{got[i].Type}' != '{want[i].Type}'{context}");
            if (want[i].Data.StartsWith('{') || (want[i].Data.StartsWith('[') && want[i].Data != "[DONE]"))
                JsonAssert.Equivalent(want[i].Data, got[i].Data, $"event {i}");
            else
                Assert.Equal(want[i].Data, got[i].Data);
        }
    }
}
