using System.Text;
using ExtProcRouter.Errors;
using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Processing;

public class RequestBodyInspectorTests
{
    private static RequestBodySummary Inspect(string json) => RequestBodyInspector.Inspect(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"model":"a","stream":true}""", "a", true)]
    [InlineData("""{"messages":[{"model":"inner"}],"model":"outer"}""", "outer", false)]
    [InlineData("""{"stream":false,"model":"x","extra":{"stream":true}}""", "x", false)]
    [InlineData("""{"model":null,"stream":"yes"}""", null, false)]
    [InlineData(""" { "model" : "sp\u0061ced" } """, "spaced", false)]
    public void Finds_the_top_level_model_and_stream(string json, string? model, bool stream) =>
        Assert.Equal(new RequestBodySummary(model, stream), Inspect(json));

    [Theory]
    [InlineData("{\"model\":\"a\"", "invalid_json")]
    [InlineData("{\"model\":\"a\"} x", "invalid_json")]
    [InlineData("\"just a string\"", "invalid_json")]
    [InlineData("   ", "missing_body")]
    [InlineData("", "missing_body")]
    public void Rejects_what_is_not_a_json_object(string json, string code)
    {
        var rejected = Assert.Throws<RequestRejectedException>(() => Inspect(json));

        Assert.Equal((400, code), (rejected.Error.StatusCode, rejected.Error.Code));
    }

    [Fact]
    public void Reports_where_the_json_breaks()
    {
        var rejected = Assert.Throws<RequestRejectedException>(() => Inspect("{\n\"model\": tru}"));

        Assert.Contains("line 2", rejected.Error.Message);
    }
}
