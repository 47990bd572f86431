using System.Text;
using System.Text.Json;
using ExtProcRouter.WebConsole;

namespace ExtProcRouter.Tests.WebConsole;

public sealed class ConsoleRouteRequestTests
{
    private static (ConsoleRouteRequest? Request, ExtProcRouter.Errors.OpenAIError? Error) Parse(string json)
    {
        ConsoleRouteRequest.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);
        return (request, error);
    }

    [Fact]
    public void Builds_the_body_a_client_would_send_for_router_requests()
    {
        var (request, error) = Parse("""{"router":"demo","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"user","content":"fix it"}]}""");

        Assert.Null(error);
        Assert.Equal("demo", request!.Router);
        using var body = JsonDocument.Parse(request.ChatBody);
        Assert.Equal("router:demo", body.RootElement.GetProperty("model").GetString());
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("fix it", messages[2].GetProperty("content").GetString());
    }

    [Fact]
    public void Accepts_the_router_prefix_too()
    {
        var (request, _) = Parse("""{"router":"router:demo","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal("demo", request!.Router);
    }

    [Theory]
    [InlineData("""{"router":"demo","messages":[""", "invalid_json", null)]
    [InlineData("""[1,2]""", "invalid_json", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "invalid_request", "router")]
    [InlineData("""{"router":"","messages":[{"role":"user","content":"hi"}]}""", "invalid_request", "router")]
    [InlineData("""{"router":"demo"}""", "invalid_request", "messages")]
    [InlineData("""{"router":"demo","messages":[]}""", "invalid_request", "messages")]
    [InlineData("""{"router":"demo","messages":["hi"]}""", "invalid_request", "messages[0]")]
    [InlineData("""{"router":"demo","messages":[{"role":"wizard","content":"hi"}]}""", "invalid_request", "messages[0].role")]
    [InlineData("""{"router":"demo","messages":[{"role":"user","content":"a"},{"role":"user"}]}""", "invalid_request", "messages[1].content")]
    public void Refuses_bad_input_naming_the_field(string json, string code, string? param)
    {
        var (request, error) = Parse(json);

        Assert.Null(request);
        Assert.Equal(400, error!.StatusCode);
        Assert.Equal(code, error.Code);
        Assert.Equal(param, error.Param);
    }
}
