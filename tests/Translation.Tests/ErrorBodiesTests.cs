using System.Text.Json;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation;

public sealed class ErrorBodiesTests
{
    [Fact]
    public void Refusals_are_rendered_in_the_OpenAI_shape_naming_the_field()
    {
        var body = ErrorBodies.For(ApiFormat.OpenAIChat, new TranslationException(422, "n", "'n' is not supported"));
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("'n' is not supported", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("n", error.GetProperty("param").GetString());
        Assert.Equal("unsupported_parameter", error.GetProperty("code").GetString());
    }

    [Fact]
    public void Refusals_are_rendered_in_the_Anthropic_shape_for_Anthropic_clients()
    {
        var body = ErrorBodies.For(ApiFormat.AnthropicMessages, new TranslationException(400, "model", "'model' is required."));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("'model' is required.", json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Messages_are_JSON_escaped()
    {
        var body = ErrorBodies.For(ApiFormat.OpenAIChat, 500, "a \"quoted\"\n<tag> 世界");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("a \"quoted\"\n<tag> 世界", json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("server_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
