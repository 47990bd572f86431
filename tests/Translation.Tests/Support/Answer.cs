using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>A tool call as a model streams it: the arguments JSON text arrives in pieces.</summary>
internal sealed record ToolCallScript(string Id, string Name, IReadOnlyList<string> ArgumentPieces)
{
    public string Arguments => string.Concat(ArgumentPieces);
}

/// <summary>
/// A generated model answer (text pieces, tool calls, usage), the input of round-trip properties: encode it as one
/// provider's stream, translate, decode the client's stream, and compare.
/// </summary>
internal sealed record Answer(IReadOnlyList<string> TextPieces, IReadOnlyList<ToolCallScript> ToolCalls, long InputTokens, long OutputTokens, long CachedTokens)
{
    public string Text => string.Concat(TextPieces);

    // Units chosen to stress escaping and UTF-8: quotes, backslashes, control characters, 2/3/4-byte characters.
    private static readonly string[] Units = ["a", "Z", "7", " ", "\"", "\\", "\n", "\t", "\u0001", "/", "é", "世", "🙂", "\u2028", "<", "{", "}"];

    public static Gen<string> Piece { get; } =
        Gen.Elements(Units).NonEmptyListOf().Resize(10).Select(string.Concat);

    private static Gen<ToolCallScript> ToolCall { get; } =
        from name in Gen.Elements("get_weather", "read_file", "search")
        from value in Piece
        from number in Gen.Choose(-5, 500)
        from cuts in Gen.Choose(0, 3)
        from seed in Gen.Choose(0, 10_000)
        select new ToolCallScript("", name, Split(JsonSerializer.Serialize(new { q = value, n = number }), cuts, seed));

    public static Gen<Answer> Generator { get; } =
        from pieces in Piece.ArrayOf().Resize(12)
        from calls in ToolCall.ArrayOf().Resize(3)
        from input in Gen.Choose(0, 100_000)
        from output in Gen.Choose(0, 10_000)
        from cached in Gen.Choose(0, 100)
        where pieces.Length > 0 || calls.Length > 0
        select new Answer(pieces.ToArray(), calls.Select((c, i) => c with { Id = $"call_{i}" }).ToArray(), input + cached, output, cached);

    public static Arbitrary<(Answer Answer, int[] Cuts)> WithCuts { get; } =
        (from answer in Generator
         from cuts in Gen.Frequency((3, Gen.Choose(1, 6)), (2, Gen.Choose(7, 300))).NonEmptyListOf().Resize(20)
         select (answer, cuts.ToArray())).ToArbitrary();

    /// <summary>Splits text into <paramref name="cuts"/>+1 pieces, never inside a surrogate pair.</summary>
    private static string[] Split(string text, int cuts, int seed)
    {
        var random = new Random(seed);
        var positions = new SortedSet<int>();
        for (var i = 0; i < cuts && text.Length > 1; i++)
        {
            var at = random.Next(1, text.Length);
            if (char.IsLowSurrogate(text[at])) at--;
            if (at > 0) positions.Add(at);
        }
        var result = new List<string>();
        var start = 0;
        foreach (var at in positions)
        {
            result.Add(text[start..at]);
            start = at;
        }
        result.Add(text[start..]);
        return [.. result];
    }

    public override string ToString() =>
        $"text={JsonSerializer.Serialize(Text)} calls=[{string.Join(", ", ToolCalls.Select(c => $"{c.Name}({c.Arguments})"))}] usage=({InputTokens},{OutputTokens},{CachedTokens})";
}

/// <summary>What a client reassembles from a translated stream.</summary>
internal sealed record Reassembled(string Text, IReadOnlyList<(string Id, string Name, string Arguments)> ToolCalls, long? InputTokens, long? OutputTokens, long? CachedTokens, bool Completed)
{
    public bool Matches(Answer answer) =>
        Completed
        && Text == answer.Text
        && ToolCalls.Count == answer.ToolCalls.Count
        && ToolCalls.Zip(answer.ToolCalls).All(p => p.First.Name == p.Second.Name && JsonEquivalent(p.First.Arguments, p.Second.Arguments))
        && InputTokens == answer.InputTokens && OutputTokens == answer.OutputTokens && CachedTokens == answer.CachedTokens;

    private static bool JsonEquivalent(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));

    /// <summary>An OpenAI SDK's view of chat.completion.chunk events.</summary>
    public static Reassembled FromOpenAIStream(byte[] body)
    {
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        long? input = null, output = null, cached = null;
        var done = false;
        foreach (var e in SseTranscript.Parse(body))
        {
            if (e.Data == "[DONE]")
            {
                done = true;
                continue;
            }
            using var chunk = JsonDocument.Parse(e.Data);
            var root = chunk.RootElement;
            if (root.TryGetProperty("error", out _)) return new Reassembled(text.ToString(), [], null, null, null, false);
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                input = usage.GetProperty("prompt_tokens").GetInt64();
                output = usage.GetProperty("completion_tokens").GetInt64();
                cached = usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64();
            }
            foreach (var choice in root.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String) text.Append(content.GetString());
                if (!delta.TryGetProperty("tool_calls", out var toolCalls)) continue;
                foreach (var call in toolCalls.EnumerateArray())
                {
                    var index = call.GetProperty("index").GetInt32();
                    var entry = calls.TryGetValue(index, out var existing) ? existing : ("", "", new StringBuilder());
                    if (call.TryGetProperty("id", out var id)) entry.Item1 = id.GetString()!;
                    if (call.TryGetProperty("function", out var function))
                    {
                        if (function.TryGetProperty("name", out var name)) entry.Item2 = name.GetString()!;
                        if (function.TryGetProperty("arguments", out var arguments)) entry.Item3.Append(arguments.GetString());
                    }
                    calls[index] = entry;
                }
            }
        }
        return new Reassembled(text.ToString(), calls.Values.Select(c => (c.Id, c.Name, c.Arguments.ToString())).ToArray(), input, output, cached, done);
    }

    /// <summary>An Anthropic SDK's view of message stream events.</summary>
    public static Reassembled FromAnthropicStream(byte[] body)
    {
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Input)>();
        long? input = null, output = null, cached = null;
        var stopped = false;
        foreach (var e in SseTranscript.Parse(body))
        {
            using var document = JsonDocument.Parse(e.Data);
            var root = document.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "error":
                    return new Reassembled(text.ToString(), [], null, null, null, false);
                case "content_block_start":
                    var block = root.GetProperty("content_block");
                    if (block.GetProperty("type").GetString() == "tool_use")
                        calls[root.GetProperty("index").GetInt32()] = (block.GetProperty("id").GetString()!, block.GetProperty("name").GetString()!, new StringBuilder());
                    break;
                case "content_block_delta":
                    var delta = root.GetProperty("delta");
                    if (delta.GetProperty("type").GetString() == "text_delta") text.Append(delta.GetProperty("text").GetString());
                    else if (delta.GetProperty("type").GetString() == "input_json_delta") calls[root.GetProperty("index").GetInt32()].Input.Append(delta.GetProperty("partial_json").GetString());
                    break;
                case "message_start":
                    ReadUsage(root.GetProperty("message").GetProperty("usage"), ref input, ref output, ref cached);
                    break;
                case "message_delta":
                    ReadUsage(root.GetProperty("usage"), ref input, ref output, ref cached);
                    break;
                case "message_stop":
                    stopped = true;
                    break;
            }
        }
        return new Reassembled(text.ToString(), calls.Values.Select(c => (c.Id, c.Name, c.Input.Length == 0 ? "{}" : c.Input.ToString())).ToArray(), input, output, cached, stopped);
    }

    /// <summary>Anthropic usage is cumulative and partial: later events override the counts they mention.</summary>
    private static void ReadUsage(JsonElement usage, ref long? input, ref long? output, ref long? cached)
    {
        long? uncached = usage.TryGetProperty("input_tokens", out var i) ? i.GetInt64() : null;
        if (usage.TryGetProperty("cache_read_input_tokens", out var c)) cached = c.GetInt64();
        if (uncached is { } value) input = value + (cached ?? 0);
        if (usage.TryGetProperty("output_tokens", out var o)) output = o.GetInt64();
    }
}
