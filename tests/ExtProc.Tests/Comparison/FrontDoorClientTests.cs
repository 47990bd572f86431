using System.Net;
using System.Text;
using ExtProcRouter.Comparison;
using ExtProcRouter.Cost;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Tests.Comparison;

public sealed class FrontDoorClientTests
{
    private static async Task<ChatOutcome> CompleteAsync(HttpResponseMessage answer, bool stream = false,
        IReadOnlyDictionary<string, ModelPrice>? prices = null)
    {
        using var http = new HttpClient(new StubFrontDoor(_ => answer)) { BaseAddress = new Uri("http://front.door/") };
        return await new FrontDoorClient(http, prices: prices).CompleteAsync(new ComparisonRequest("router:r", [ChatTurn.User("hi")], stream), CancellationToken.None);
    }

    private static HttpResponseMessage Ok(string body, string mediaType = "application/json") =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    public async Task A_2xx_body_that_is_not_a_json_object_is_an_error_row_not_an_exception(string body)
    {
        var outcome = await CompleteAsync(Ok(body));

        Assert.Equal(200, outcome.Status);
        Assert.StartsWith("200: the body is not", outcome.Error);
    }

    [Fact]
    public async Task A_json_object_with_odd_choices_and_usage_is_a_success_without_answer_or_tokens()
    {
        var outcome = await CompleteAsync(Ok("""{"choices": [7], "usage": 3}"""));

        Assert.True(outcome.Succeeded);
        Assert.Equal("", outcome.Answer);
        Assert.Null(outcome.InputTokens);
        Assert.Null(outcome.CostUsd);
    }

    [Fact]
    public async Task A_streams_cost_is_the_routers_usage_cost_usd_digits_even_with_a_price_table()
    {
        const string events = """
            data: {"model":"small","choices":[{"index":0,"delta":{"content":"Hi"}}]}

            data: {"model":"small","choices":[],"usage":{"prompt_tokens":94,"completion_tokens":80,"cost_usd":0.00004070}}

            data: [DONE]

            """;
        var prices = new Dictionary<string, ModelPrice> { ["small"] = new(1m, 1m) };

        var outcome = await CompleteAsync(Ok(events, "text/event-stream"), stream: true, prices: prices);

        Assert.Equal(0.0000407m, outcome.CostUsd);
    }

    [Fact]
    public async Task A_stream_is_read_to_its_usage_and_priced_from_the_price_table()
    {
        const string events = """
            data: {"model":"small","choices":[{"index":0,"delta":{"role":"assistant"}}]}

            data: {"model":"small","choices":[{"index":0,"delta":{"content":"Hel"}}]}

            data: {"model":"small","choices":[{"index":0,"delta":{"content":"lo"}}]}

            data: {"model":"small","choices":[],"usage":{"prompt_tokens":94,"completion_tokens":80}}

            data: [DONE]

            """;
        var prices = new Dictionary<string, ModelPrice> { ["small"] = new(0.05m, 0.45m) };

        var outcome = await CompleteAsync(Ok(events, "text/event-stream"), stream: true, prices: prices);

        Assert.True(outcome.Succeeded);
        Assert.Equal("Hello", outcome.Answer);
        Assert.Equal("small", outcome.Model);
        Assert.NotNull(outcome.TimeToFirstToken);
        Assert.Equal(94, outcome.InputTokens);
        Assert.Equal(80, outcome.OutputTokens);
        // The seeds' worked example: 94 in / 80 out at gpt-oss-20b prices is $0.00004070.
        Assert.Equal(0.0000407m, outcome.CostUsd);
    }

    [Fact]
    public async Task An_error_body_that_is_not_json_is_reported_as_text()
    {
        var outcome = await CompleteAsync(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("upstream connect error") });

        Assert.Equal("502: upstream connect error", outcome.Error);
    }
}
