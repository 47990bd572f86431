using System.Text.Json.Nodes;

namespace ExtProcRouter.Tests.Envoy;

public sealed class YamlToJsonTests
{
    [Fact]
    public void PlainScalarsAreTypedAndQuotedScalarsStayStrings()
    {
        var json = YamlToJson.Convert("""
            port: 8080
            ratio: 0.5
            on: true
            off: false
            nothing: ~
            quoted_port: "8080"
            quoted_bool: 'true'
            address: 0.0.0.0
            retry_on: 5xx,reset
            timeout: 2s
            """)!.AsObject();

        Assert.Equal("""{"port":8080,"ratio":0.5,"on":true,"off":false,"nothing":null,"quoted_port":"8080","quoted_bool":"true","address":"0.0.0.0","retry_on":"5xx,reset","timeout":"2s"}""",
            json.ToJsonString());
    }

    [Fact]
    public void AliasesExpandToTheAnchoredNode()
    {
        var json = YamlToJson.Convert("""
            first: &shared { a: 1, b: [x, y] }
            second: *shared
            """)!;

        Assert.True(JsonNode.DeepEquals(json["first"], json["second"]));
        Assert.Equal("y", (string?)json["second"]!["b"]![1]);
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var error = Assert.ThrowsAny<Exception>(() => YamlToJson.Convert("a: 1\nb: 2\na: 3\n"));
        Assert.Contains("uplicate key", error.Message);
    }

    [Fact]
    public void MergeKeysAreRejectedBecauseEnvoyMayNotHonourThem()
    {
        Assert.Throws<FormatException>(() => YamlToJson.Convert("base: &b { a: 1 }\nderived:\n  <<: *b\n  c: 2\n"));
    }
}
