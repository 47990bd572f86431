using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Configuration;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Security;
using ExtProcRouter.WellKnown;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Processing;

/// <summary>
/// Creates an <see cref="LlmRequestProcessor"/> for requests to a configured LLM API path, and nothing for any
/// other path, so that Envoy continues those without the sidecar.
/// </summary>
public sealed class LlmRequestProcessorFactory(
    RouterConfig config,
    IModelSelector modelSelector,
    ITranslatorFactory translatorFactory,
    IRequestMetricsSink metricsSink,
    TimeProvider timeProvider,
    ILogger<LlmRequestProcessor> logger,
    AccessKeyVerifier? accessKeys = null,
    SessionAffinity? affinity = null) : IRequestProcessorFactory
{
    public IRequestProcessor? Create(HttpHeaders requestHeaders)
    {
        var path = requestHeaders.Headers.GetValue(HeaderNames.Path);
        if (path is null) return null;
        var query = path.IndexOf('?');
        var pathOnly = query < 0 ? path.AsSpan() : path.AsSpan(0, query);
        if (!config.TryFindLlmPath(pathOnly, out var llmPath)) return null;
        return new LlmRequestProcessor(llmPath, config, modelSelector, translatorFactory, metricsSink, timeProvider, logger, accessKeys, affinity);
    }
}
