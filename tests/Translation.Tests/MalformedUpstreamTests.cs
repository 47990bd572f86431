using System.Text;
using System.Text.Json;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.Translation;

/// <summary>
/// Whatever an upstream sends (a valid stream cut anywhere, with garbage spliced in), every translator returns
/// without throwing, every event it writes is well-formed JSON (or [DONE]), and the stream ends with either the
/// client API's normal end or exactly one error.
/// </summary>
public sealed class MalformedUpstreamTests
{
    public static TheoryData<ApiFormat, ApiFormat, string, string> Pairs => new()
    {
        { ApiFormat.OpenAIChat, ApiFormat.OpenAIChat, "OpenAIChat-OpenAIChat/stream.sse", """{"model":"m","stream":true}""" },
        { ApiFormat.OpenAIChat, ApiFormat.AnthropicMessages, "OpenAIChat-AnthropicMessages/stream.sse", """{"model":"m","messages":[],"stream":true}""" },
        { ApiFormat.OpenAIChat, ApiFormat.Gemini, "OpenAIChat-Gemini/stream.sse", """{"model":"m","messages":[],"stream":true}""" },
        { ApiFormat.AnthropicMessages, ApiFormat.OpenAIChat, "AnthropicMessages-OpenAIChat/stream.sse", """{"model":"m","max_tokens":1,"messages":[],"stream":true}""" },
        { ApiFormat.AnthropicMessages, ApiFormat.AnthropicMessages, "AnthropicMessages-AnthropicMessages/stream.sse", """{"model":"m","max_tokens":1,"messages":[],"stream":true}""" },
    };

    private static readonly string[] Garbage = ["{", "}", "\"", "\n", "\n\n", "data: ", "data: {\"x\":", "event: error\n", "\u00ff", "[DONE]", "\r", ":"];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Broken_streams_end_cleanly(ApiFormat client, ApiFormat provider, string fixture, string request)
    {
        var stream = Fixture.Bytes(fixture);
        var cases =
            from cut in Gen.Choose(0, stream.Length)
            from garbage in Gen.Elements(Garbage).ListOf().Resize(3)
            from at in Gen.Choose(0, cut)
            from chunk in Gen.Choose(1, 40)
            select (cut, string.Concat(garbage), at, chunk);

        Check.One(PropertyConfig.Deterministic(300), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var garbled = stream[..c.at].Concat(Encoding.UTF8.GetBytes(c.Item2)).Concat(stream[c.at..c.cut]).ToArray();
            var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(client, provider);
            translator.TranslateRequest(Encoding.UTF8.GetBytes(request), new UpstreamTarget("u", "s", "/v1"));
            var output = TranslationRun.Response(translator, 200, true, garbled, [c.chunk]);
            return EndsCleanly(client, output);
        }));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Garbage_json_bodies_become_one_error_body(ApiFormat client, ApiFormat provider, string fixture, string request)
    {
        _ = fixture;
        foreach (var body in new[] { "", "{", "[1,2]", "null", "<html>", "{\"choices\":7}" })
        {
            var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(client, provider);
            translator.TranslateRequest(Encoding.UTF8.GetBytes(request.Replace("true", "false", StringComparison.Ordinal)), new UpstreamTarget("u", "s", "/v1"));
            var output = TranslationRun.Response(translator, 200, false, Encoding.UTF8.GetBytes(body));
            using var document = JsonDocument.Parse(output); // must be one JSON document either way
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    private static bool EndsCleanly(ApiFormat client, byte[] output)
    {
        var events = SseTranscript.Parse(output);
        if (events.Count == 0) return false;
        var errors = 0;
        foreach (var e in events)
        {
            if (e.Data == "[DONE]") continue;
            using var document = JsonDocument.Parse(e.Data); // throws (fails the property) on malformed output
            if (IsError(client, e, document.RootElement)) errors++;
        }
        var last = events[^1];
        using var lastDocument = last.Data == "[DONE]" ? null : JsonDocument.Parse(last.Data);
        var normalEnd = client == ApiFormat.AnthropicMessages ? last.Type == "message_stop" : last.Data == "[DONE]";
        var errorEnd = lastDocument is not null && IsError(client, last, lastDocument.RootElement);
        return (normalEnd && errors == 0) || (errorEnd && errors == 1);
    }

    private static bool IsError(ApiFormat client, SseTranscript.Event e, JsonElement root) =>
        client == ApiFormat.AnthropicMessages ? e.Type == "error" : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out _);
}
