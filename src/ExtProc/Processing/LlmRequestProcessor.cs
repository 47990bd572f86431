using System.Globalization;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Configuration;
using ExtProcRouter.Cost;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Errors;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Security;
using ExtProcRouter.Translation;
using ExtProcRouter.WellKnown;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Processing;

/// <summary>
/// One request to an LLM API path: checks it, chooses the model, translates the request for the provider and
/// points Envoy at the provider's cluster; then translates the response back, renaming the model to the served
/// slug, streaming when the client asked for a stream and the provider answered with one.
/// </summary>
public sealed class LlmRequestProcessor : IRequestProcessor
{
    private static readonly ByteString Identity = ByteString.CopyFromUtf8("identity");

    /// <summary>Credentials a client may send that must never reach a provider the key was not meant for.</summary>
    private static readonly string[] ClientCredentialHeaders =
        [HeaderNames.Authorization, HeaderNames.AnthropicApiKey, HeaderNames.GoogleApiKey];

    /// <summary>Headers only the sidecar may set on a request.</summary>
    private static readonly string[] InternalRequestHeaders = [HeaderNames.UpstreamCluster, HeaderNames.SelectedRoute, HeaderNames.ServedModel];

    private readonly LlmPathConfig _llmPath;
    private readonly RouterConfig _config;
    private readonly IModelSelector _modelSelector;
    private readonly ITranslatorFactory _translatorFactory;
    private readonly IRequestMetricsSink _metricsSink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AccessKeyVerifier _accessKeys;
    private readonly SessionAffinity? _affinity;
    private readonly long _startTimestamp;
    private readonly DateTimeOffset _startedAt;

    private string? _contentEncoding;
    private bool _requestBodySeen;
    private string? _requestedModel;
    private ModelSelection? _selection;
    private ITranslator? _translator;
    private bool _streamRequested;
    private string? _affinityId;
    private AffinityOutcome? _affinityOutcome;
    private TimeSpan? _decisionLatency;
    private string? _conversationHash;
    private string? _promptText;

    private int _statusCode;
    private bool _translateResponse;
    private bool _streamed;
    private bool _responseEnded;
    private bool _rejected;
    private long _firstOutputTimestamp;
    private PooledBufferWriter? _output;
    private bool _disposed;

    public LlmRequestProcessor(LlmPathConfig llmPath, RouterConfig config, IModelSelector modelSelector,
        ITranslatorFactory translatorFactory, IRequestMetricsSink metricsSink, TimeProvider timeProvider, ILogger logger,
        AccessKeyVerifier? accessKeys = null, SessionAffinity? affinity = null)
    {
        _accessKeys = accessKeys ?? AccessKeyVerifier.Open;
        _affinity = affinity;
        _llmPath = llmPath;
        _config = config;
        _modelSelector = modelSelector;
        _translatorFactory = translatorFactory;
        _metricsSink = metricsSink;
        _timeProvider = timeProvider;
        _logger = logger;
        _startTimestamp = timeProvider.GetTimestamp();
        _startedAt = timeProvider.GetUtcNow();
    }

    public ValueTask<ProcessingResponse> ProcessRequestHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken)
    {
        var map = headers.Headers;
        var method = map.GetValue(HeaderNames.Method) ?? "";
        if (!string.Equals(method, "POST", StringComparison.Ordinal))
            return ValueTask.FromResult(Rejection(OpenAIErrors.MethodNotAllowed(method, _llmPath.Path)));
        if (_accessKeys.Check(map.GetValue(HeaderNames.Authorization)) is { } denied) return ValueTask.FromResult(Rejection(denied));
        if (headers.EndOfStream) return ValueTask.FromResult(Rejection(OpenAIErrors.MissingBody()));
        _affinityId = map.GetValue(HeaderNames.ModelAffinity)?.Trim();
        if (_affinityId is { Length: > AffinityKey.MaxSessionIdLength })
            return ValueTask.FromResult(Rejection(AffinityErrors.IdTooLong(AffinityKey.MaxSessionIdLength)));

        // Refuse an oversized body before Envoy buffers it.
        var limit = _config.Limits.MaxRequestBodyBytes;
        if (long.TryParse(map.GetValue(HeaderNames.ContentLength), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length > limit)
            return ValueTask.FromResult(Rejection(OpenAIErrors.BodyTooLarge(limit)));

        _contentEncoding = map.GetValue(HeaderNames.ContentEncoding);
        // Drop client-supplied routing headers now, so that even if the body phase never completes (sidecar
        // failure with failure_mode_allow) a client cannot choose the cluster itself.
        var mutation = new HeaderMutation();
        mutation.RemoveHeaders.Add(InternalRequestHeaders);
        return ValueTask.FromResult(new ProcessingResponse
        {
            RequestHeaders = new HeadersResponse { Response = new CommonResponse { HeaderMutation = mutation } },
        });
    }

    public async ValueTask<ProcessingResponse> ProcessRequestBodyAsync(HttpBody body, CancellationToken cancellationToken)
    {
        // The body must arrive whole (request_body_mode BUFFERED); a second chunk means it was streamed, and the
        // first one was already handled as if it were the whole body.
        if (_requestBodySeen) return Rejection(OpenAIErrors.RequestBodyNotBuffered());
        _requestBodySeen = true;

        var limit = _config.Limits.MaxRequestBodyBytes;
        PooledBufferWriter? decoded = null;
        try
        {
            if (body.Body.Length > limit) return Rejection(OpenAIErrors.BodyTooLarge(limit));
            var clientBody = body.Body.Memory;
            if (!RequestBodyDecoder.IsIdentity(_contentEncoding))
            {
                decoded = new PooledBufferWriter(Math.Max(body.Body.Length * 4, 4096));
                RequestBodyDecoder.Decode(clientBody, _contentEncoding!, limit, decoded);
                clientBody = decoded.WrittenMemory;
            }

            var summary = RequestBodyInspector.Inspect(clientBody.Span);
            if (string.IsNullOrEmpty(summary.Model)) return Rejection(OpenAIErrors.MissingModel());
            _requestedModel = summary.Model;
            var capture = _metricsSink.Capture;
            if (capture != RequestCapture.None)
            {
                var (hash, lastUserText) = ConversationFingerprint.Compute(clientBody.Span, (capture & RequestCapture.PromptText) != 0);
                _conversationHash = hash;
                _promptText = lastUserText;
            }

            var selectionStarted = _timeProvider.GetTimestamp();
            var selectionRequest = new ModelSelectionRequest(summary.Model, _llmPath.ClientFormat, clientBody);
            ModelSelection selection;
            if (_affinity is not null)
            {
                var pinned = await _affinity.SelectAsync(_modelSelector, selectionRequest, _affinityId, cancellationToken).ConfigureAwait(false);
                selection = pinned.Selection;
                _affinityOutcome = pinned.Outcome;
            }
            else
            {
                selection = await _modelSelector.SelectAsync(selectionRequest, cancellationToken).ConfigureAwait(false);
            }
            _decisionLatency = _timeProvider.GetElapsedTime(selectionStarted);
            var model = selection.Model;
            var provider = model.Provider;
            if (provider.IsMissingKey)
                return Rejection(OpenAIErrors.ProviderKeyMissing(provider.Name, provider.ApiKeyEnvironmentVariable!));

            // The same estimate as the cost header and metadata, so a client reads one number wherever it looks.
            var translator = _translatorFactory.Create(_llmPath.ClientFormat, provider.Format, usage => RequestCost.Estimate(usage, model));
            if (translator is null)
                return Rejection(OpenAIErrors.UnsupportedApiPair(_llmPath.ClientFormat, provider.Format, model.Slug));

            var translated = translator.TranslateRequest(clientBody.Span,
                new UpstreamTarget(model.UpstreamModelId, model.Slug, provider.BasePath));
            _selection = selection;
            _translator = translator;
            _streamRequested = summary.Stream || translated.Stream;
            return RouteToProvider(provider, translated);
        }
        catch (RequestRejectedException rejected)
        {
            return Rejection(rejected.Error);
        }
        catch (TranslationException exception)
        {
            return Rejection(OpenAIErrors.Translation(exception));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Processing the request body failed");
            return Rejection(OpenAIErrors.Internal());
        }
        finally
        {
            decoded?.Dispose();
        }
    }

    private static ProcessingResponse RouteToProvider(ProviderConfig provider, TranslatedRequest translated)
    {
        var mutation = new HeaderMutation();
        var set = mutation.SetHeaders;
        // Overwrite, never append: a client must not be able to pre-set the cluster it is routed to.
        set.Add(HeaderOptions.Overwrite(HeaderNames.UpstreamCluster, provider.Cluster));
        set.Add(HeaderOptions.Overwrite(HeaderNames.Path, translated.Path));
        set.Add(HeaderOptions.Overwrite(HeaderNames.ContentLength, translated.Body.Length.ToString(CultureInfo.InvariantCulture)));
        // The sidecar must be able to read the provider's answer to translate it.
        set.Add(HeaderOptions.Overwrite(HeaderNames.AcceptEncoding, Identity));
        foreach (var (name, value) in translated.Headers) set.Add(HeaderOptions.Overwrite(name, value));

        var credential = provider.Credential;
        if (credential is not null) set.Add(HeaderOptions.Overwrite(credential.HeaderName, credential.HeaderValue));
        foreach (var name in ClientCredentialHeaders)
        {
            if (credential is null || !string.Equals(name, credential.HeaderName, StringComparison.Ordinal))
                mutation.RemoveHeaders.Add(name);
        }
        // The new body is plain JSON whatever the client compressed its body with.
        mutation.RemoveHeaders.Add(HeaderNames.ContentEncoding);

        return new ProcessingResponse
        {
            RequestBody = new BodyResponse
            {
                Response = new CommonResponse
                {
                    HeaderMutation = mutation,
                    // The array is ours and never changes again: wrap it instead of copying.
                    BodyMutation = new BodyMutation { Body = UnsafeByteOperations.UnsafeWrap(translated.Body) },
                    // The upstream-selection header only takes effect if Envoy re-matches the route.
                    ClearRouteCache = true,
                },
            },
        };
    }

    public ValueTask<ProcessingResponse> ProcessRequestTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.RequestTrailers));

    public ValueTask<ProcessingResponse> ProcessResponseHeadersAsync(HttpHeaders headers, CancellationToken cancellationToken)
    {
        var map = headers.Headers;
        _statusCode = int.TryParse(map.GetValue(HeaderNames.Status), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : 0;
        if (headers.EndOfStream) _responseEnded = true;
        // Nothing was routed (e.g. Envoy's own local reply before the body reached us): leave the response alone.
        if (_translator is null || _selection is null)
            return ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseHeaders));

        var isEventStream = map.GetValue(HeaderNames.ContentType) is { } contentType
                            && contentType.TrimStart().StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
        var mutation = new HeaderMutation();
        mutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.ServedModel, _selection.Model.Slug));
        if (_selection.SelectedRoute is { } route) mutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.SelectedRoute, route));
        if (!string.IsNullOrEmpty(_affinityId)) mutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.ModelAffinity, _affinityId));
        if (_affinityOutcome == AffinityOutcome.Switch) mutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.ModelAffinityRepinned, "true"));
        var response = new ProcessingResponse { ResponseHeaders = new HeadersResponse { Response = new CommonResponse { HeaderMutation = mutation } } };

        if (!RequestBodyDecoder.IsIdentity(map.GetValue(HeaderNames.ContentEncoding)))
        {
            // We asked for identity; a provider that compresses anyway gets its body forwarded untouched.
            _logger.LogWarning("Provider {Provider} answered with content-encoding {Encoding}; response not translated",
                _selection.Model.Provider.Name, map.GetValue(HeaderNames.ContentEncoding));
            return ValueTask.FromResult(response);
        }

        _translateResponse = true;
        _translator.BeginResponse(_statusCode, isEventStream);
        if (_streamRequested && _statusCode == 200 && isEventStream)
        {
            // Stream the answer through chunk by chunk; errors and non-streams stay BUFFERED so they are read whole.
            _streamed = true;
            response.ModeOverride = new ProcessingMode { ResponseBodyMode = ProcessingMode.Types.BodySendMode.Streamed };
            mutation.RemoveHeaders.Add(HeaderNames.ContentLength);
        }
        return ValueTask.FromResult(response);
    }

    public ValueTask<ProcessingResponse> ProcessResponseBodyAsync(HttpBody body, CancellationToken cancellationToken)
    {
        if (body.EndOfStream) _responseEnded = true;
        if (!_translateResponse || _translator is null)
            return ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseBody));
        if (!_streamed && _output is not null)
        {
            // A buffered body is translated as a whole on its first message; more pieces mean the filter's
            // response_body_mode is not BUFFERED: forward them as they are rather than corrupt the body.
            _logger.LogWarning("Response body arrived in pieces without a streamed mode_override; forwarding untranslated");
            return ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseBody));
        }

        try
        {
            _output ??= new PooledBufferWriter();
            _output.Clear();
            var endOfStream = !_streamed || body.EndOfStream;
            _translator.TranslateResponseChunk(body.Body.Span, endOfStream, _output);
            if (_output.WrittenCount > 0 && _firstOutputTimestamp == 0) _firstOutputTimestamp = _timeProvider.GetTimestamp();

            var common = new CommonResponse { BodyMutation = new BodyMutation { Body = ByteString.CopyFrom(_output.WrittenSpan) } };
            var cost = endOfStream ? EstimateCost() : null;
            if (!_streamed)
            {
                common.HeaderMutation = new HeaderMutation();
                common.HeaderMutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.ContentLength,
                    _output.WrittenCount.ToString(CultureInfo.InvariantCulture)));
                // The body is now an error: the upstream's 2xx would tell the client it succeeded.
                if (_translator.ResponseReplacedByError)
                {
                    _statusCode = StatusCodes.Status502BadGateway;
                    common.HeaderMutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.Status, "502"));
                }
                // Header mutations on a body reply apply only in BUFFERED mode, i.e. exactly the non-streamed case.
                if (cost is { } usd) common.HeaderMutation.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.CostUsd, CostFormat.Usd(usd)));
            }
            var reply = new ProcessingResponse { ResponseBody = new BodyResponse { Response = common } };
            // Streams have sent their headers already: the cost travels as dynamic metadata on the final chunk's reply,
            // where Envoy's access log (and later filters) can read it.
            if (cost is { } total) reply.DynamicMetadata = CostMetadata(total);
            return ValueTask.FromResult(reply);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Translating the response of {Provider} failed", _selection?.Model.Provider.Name);
            return ValueTask.FromResult(Rejection(OpenAIErrors.UpstreamTranslationFailed()));
        }
    }

    public ValueTask<ProcessingResponse> ProcessResponseTrailersAsync(HttpTrailers trailers, CancellationToken cancellationToken)
    {
        _responseEnded = true;
        return ValueTask.FromResult(ProcessingResponses.Continue(ProcessingPhase.ResponseTrailers));
    }

    private decimal? EstimateCost() =>
        _selection is null || _translator is null ? null : RequestCost.Estimate(_translator.Usage, _selection.Model);

    private Struct CostMetadata(decimal cost)
    {
        var decision = new Struct();
        decision.Fields[MetadataKeys.CostUsd] = Value.ForString(CostFormat.Usd(cost));
        decision.Fields[MetadataKeys.Model] = Value.ForString(_selection!.Model.Slug);
        var metadata = new Struct();
        metadata.Fields[MetadataNamespaces.Router] = Value.ForStruct(decision);
        return metadata;
    }

    /// <summary>Answers the request with a local error reply and remembers that for the request's record.</summary>
    private ProcessingResponse Rejection(OpenAIError error)
    {
        _rejected = true;
        _statusCode = error.StatusCode;
        if (error.StatusCode >= 500) _logger.LogWarning("Request rejected with {Status} {Code}", error.StatusCode, error.Code);
        return ProcessingResponses.Error(error);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output?.Dispose();
        _output = null;
        try
        {
            var end = _timeProvider.GetTimestamp();
            var route = _selection?.SelectedRoute;
            var router = _requestedModel is { } requested && requested.StartsWith(RouterConfigValidator.RouterPrefix, StringComparison.Ordinal)
                ? requested[RouterConfigValidator.RouterPrefix.Length..]
                : null;
            _metricsSink.Record(new RequestRecord(
                _requestedModel,
                _selection?.Model.Slug,
                _selection?.Model.Provider.Name,
                _selection?.SelectedRoute,
                _statusCode,
                _streamed,
                _translator?.Usage ?? default,
                _startedAt,
                _firstOutputTimestamp == 0 ? null : _timeProvider.GetElapsedTime(_startTimestamp, _firstOutputTimestamp),
                _timeProvider.GetElapsedTime(_startTimestamp, end),
                _rejected ? RequestOutcome.Rejected : _responseEnded ? RequestOutcome.Completed : RequestOutcome.Incomplete,
                Router: router,
                Fallback: string.Equals(route, RouteNames.Fallback, StringComparison.Ordinal),
                Affinity: _affinityOutcome,
                DecisionLatency: _decisionLatency,
                ClassificationLatency: _selection?.ClassificationLatency,
                CostUsd: EstimateCost(),
                ConversationHash: _conversationHash,
                PromptText: _promptText));
        }
        catch (Exception exception)
        {
            // Metrics must never turn a finished request into a failure.
            _logger.LogError(exception, "Recording request metrics failed");
        }
    }
}
