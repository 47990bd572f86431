using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Configuration;
using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Metrics.Support;

/// <summary>The real ext_proc service, processor factory and selector, wrapped for metrics, over a priced config; fake translators; a manual clock.</summary>
internal sealed class MeteredHarness
{
    public const string OpenAIKey = "sk-metrics-test-key-42";

    public const string Yaml = """
        providers:
          - name: openai
            cluster: openai-cluster
            format: openai
            api_key_env: METRICS_TEST_OPENAI_KEY
        models:
          - slug: gpt-oss-20b
            provider: openai
            upstream_model: openai/gpt-oss-20b
            input_price_per_million: 0.05
            output_price_per_million: 0.45
          - slug: unpriced
            provider: openai
            upstream_model: unpriced-1
        """;

    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public MeteredHarness(IRequestMetricsSink? extraSink = null, TokenUsage? usage = null)
    {
        Config = RouterConfigLoader.Load(Yaml, name => name == "METRICS_TEST_OPENAI_KEY" ? OpenAIKey : null);
        Translators.Configure = translator => translator.Usage = usage ?? new TokenUsage(94, 80, null);
        IRequestMetricsSink sink = new RequestMetricsRecorder(Metrics);
        if (extraSink is not null) sink = new CompositeRequestMetricsSink([sink, extraSink]);
        var factory = new LlmRequestProcessorFactory(Config, new StaticModelSelector(Config), Translators, sink, Time,
            new RecordingLogger<LlmRequestProcessor>());
        Service = new MeteredExternalProcessorService(new ExternalProcessorService(factory, new RecordingLogger<ExternalProcessorService>()),
            Metrics.ExtProc);
    }

    public RouterConfig Config { get; }
    public SidecarMetrics Metrics { get; } = new();
    public FakeTranslatorFactory Translators { get; } = new();
    public ManualTimeProvider Time { get; } = new();
    public IExternalProcessorService Service { get; }

    /// <summary>Runs one stream, the clock moving <see cref="Step"/> before each message after the first.</summary>
    public async Task<List<ProcessingResponse>> RunAsync(params ProcessingRequest[] messages)
    {
        var writer = new RecordingResponseWriter();
        await Service.ProcessAsync(new SteppedRequestReader(Time, Step, messages), writer, CancellationToken.None);
        return writer.Responses;
    }

    public Exposition Scrape() => Exposition.Parse(Metrics.Registry.Expose());
}
