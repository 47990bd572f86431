using System.Text;
using ExtProcRouter.Translation.Errors;

namespace ExtProcRouter.Tests.Translation.Errors;

public sealed class UpstreamErrorTests
{
    [Theory]
    [InlineData("""{"error":{"message":"bad","type":"invalid_request_error","param":"model","code":"x"}}""", "bad", "invalid_request_error", "x", "model")]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "Overloaded", "overloaded_error", null, null)]
    [InlineData("""{"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT"}}""", "API key not valid", "INVALID_ARGUMENT", "INVALID_ARGUMENT", null)]
    [InlineData("""[{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}]""", "busy", "UNAVAILABLE", "UNAVAILABLE", null)]
    [InlineData("""{"object":"error","message":"too long","type":"BadRequestError","code":400}""", "too long", "BadRequestError", "400", null)]
    [InlineData("""{"detail":"Not Found"}""", "Not Found", null, null, null)]
    [InlineData("upstream connect error", "upstream connect error", null, null, null)]
    public void Reads_every_provider_shape(string body, string message, string? type, string? code, string? param)
    {
        var error = UpstreamError.Parse(Encoding.UTF8.GetBytes(body), 400);
        Assert.Equal(new UpstreamError(message, type, code, param), error);
    }

    [Fact]
    public void Empty_and_huge_text_bodies_give_bounded_messages()
    {
        Assert.Contains("502", UpstreamError.Parse([], 502).Message, StringComparison.Ordinal);
        Assert.Equal(1000, UpstreamError.Parse(Encoding.UTF8.GetBytes(new string('x', 5000)), 500).Message.Length);
    }
}
