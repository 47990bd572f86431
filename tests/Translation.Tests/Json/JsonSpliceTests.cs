using System.Buffers;
using System.Text;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Tests.Translation.Json;

public sealed class JsonSpliceTests
{
    private static string Splice(string json, string replacedText, string replacement, string insertBefore, string insertion, bool asEventPayload = false)
    {
        var replaced = replacedText.Length == 0 ? JsonRange.None : new JsonRange(json.IndexOf(replacedText, StringComparison.Ordinal), replacedText.Length);
        var insertAt = insertBefore.Length == 0 ? -1 : json.IndexOf(insertBefore, StringComparison.Ordinal);
        var output = new ArrayBufferWriter<byte>();
        JsonSplice.Write(output, Encoding.UTF8.GetBytes(json), replaced, Encoding.UTF8.GetBytes(replacement), insertAt,
            Encoding.UTF8.GetBytes(insertion), asEventPayload);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    // the model before the usage, as OpenAI orders them
    [InlineData("""{"model":"up","usage":{"a":1}}""", "\"up\"", "\"served\"", "}}", ",\"c\":2", """{"model":"served","usage":{"a":1,"c":2}}""")]
    // the usage before the model
    [InlineData("""{"usage":{"a":1},"model":"up"}""", "\"up\"", "\"served\"", "},", ",\"c\":2", """{"usage":{"a":1,"c":2},"model":"served"}""")]
    [InlineData("""{"usage":{"a":1},"model":"up"}""", "", "", "},", ",\"c\":2", """{"usage":{"a":1,"c":2},"model":"up"}""")]
    [InlineData("""{"usage":{"a":1},"model":"up"}""", "\"up\"", "\"served\"", "", "", """{"usage":{"a":1},"model":"served"}""")]
    public void Replaces_and_inserts_in_either_order(string json, string replaced, string replacement, string insertBefore, string insertion, string expected) =>
        Assert.Equal(expected, Splice(json, replaced, replacement, insertBefore, insertion));

    [Fact]
    public void An_event_payload_on_several_lines_stays_several_data_lines()
    {
        var spliced = Splice("{\"model\":\"up\",\n\"usage\":{\"a\":1}}", "\"up\"", "\"s\"", "}}", ",\"c\":2", asEventPayload: true);
        Assert.Equal("{\"model\":\"s\",\ndata: \"usage\":{\"a\":1,\"c\":2}}", spliced);
    }
}
