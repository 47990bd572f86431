using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.OpenAI;

public sealed class OpenAIPassthroughSplitTests
{
    private static ITranslator NewTranslator()
    {
        var translator = new TranslatorFactory(TimeProvider.System).Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat);
        translator.TranslateRequest("""{"model":"m","stream":true}"""u8, new UpstreamTarget("gpt-4o-mini", "openai/gpt-4o-mini", "/v1"));
        return translator;
    }

    [Fact]
    public void Any_split_of_the_stream_gives_identical_output() =>
        SplitProperty.Holds(NewTranslator, 200, true, Fixture.Bytes("OpenAIChat-OpenAIChat/stream.sse"));

    [Fact]
    public void Any_split_of_a_truncated_stream_gives_identical_output() =>
        SplitProperty.Holds(NewTranslator, 200, true, Fixture.Bytes("OpenAIChat-OpenAIChat/stream.sse")[..700]);

    [Fact]
    public void Any_split_of_a_json_body_gives_identical_output() =>
        SplitProperty.Holds(NewTranslator, 200, false, Fixture.Bytes("OpenAIChat-OpenAIChat/response.json"));

    private static ITranslator NewPricedTranslator()
    {
        var translator = new TranslatorFactory(TimeProvider.System).Create(ApiFormat.OpenAIChat, ApiFormat.OpenAIChat, TestPricing.GptOss20b);
        translator.TranslateRequest("""{"model":"m","stream":true,"stream_options":{"include_usage":true}}"""u8,
            new UpstreamTarget("gpt-4o-mini", "openai/gpt-4o-mini", "/v1"));
        return translator;
    }

    [Fact]
    public void Any_split_of_a_priced_stream_gives_identical_output() =>
        SplitProperty.Holds(NewPricedTranslator, 200, true, Fixture.Bytes("OpenAIChat-OpenAIChat/stream.sse"));

    [Fact]
    public void Any_split_of_a_priced_json_body_gives_identical_output() =>
        SplitProperty.Holds(NewPricedTranslator, 200, false, Fixture.Bytes("OpenAIChat-OpenAIChat/response.json"));
}
