using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Configuration;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>The real service, factory and selector over <see cref="TestConfigs"/>, with fake translators and clock.</summary>
internal sealed class LlmHarness
{
    public LlmHarness(RouterConfig? config = null, ITranslatorFactory? translators = null)
    {
        Config = config ?? TestConfigs.Load();
        var factory = new LlmRequestProcessorFactory(Config, new StaticModelSelector(Config), translators ?? Translators, Metrics, Time,
            ProcessorLog);
        Service = new ExternalProcessorService(factory, ServiceLog);
    }

    public RouterConfig Config { get; }
    public FakeTranslatorFactory Translators { get; } = new();
    public RecordingMetricsSink Metrics { get; } = new();
    public ManualTimeProvider Time { get; } = new();
    public RecordingLogger<LlmRequestProcessor> ProcessorLog { get; } = new();
    public RecordingLogger<ExternalProcessorService> ServiceLog { get; } = new();
    public ExternalProcessorService Service { get; }

    public IEnumerable<string> AllLogLines => ProcessorLog.Lines.Concat(ServiceLog.Lines);

    /// <summary>Runs one stream to completion and returns the replies.</summary>
    public async Task<List<ProcessingResponse>> RunAsync(params ProcessingRequest[] messages)
    {
        var writer = new RecordingResponseWriter();
        await Service.ProcessAsync(new ScriptedRequestReader(messages), writer, CancellationToken.None);
        return writer.Responses;
    }
}
