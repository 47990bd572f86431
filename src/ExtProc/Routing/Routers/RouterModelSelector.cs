using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Routers;

/// <summary>
/// Serves <c>"model": "router:&lt;name&gt;"</c>: trim the conversation, classify it against the router's tasks,
/// pick the best available model of the matched task's pool, else the first available fallback model, else 503.
/// The selected route is the task name, or <c>fallback</c> when a fallback model serves.
/// </summary>
public sealed class RouterModelSelector(
    IRouterConfigSource config,
    IIntentClassifierProvider classifiers,
    IModelMetrics metrics,
    IModelAvailability availability,
    ILogger<RouterModelSelector> logger,
    TimeProvider? timeProvider = null) : IModelSelector
{
    public async ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        var decision = await ExplainAsync(request, cancellationToken).ConfigureAwait(false);
        return new ModelSelection(decision.Model, decision.SelectedRoute, decision.ClassificationLatency);
    }

    /// <summary>
    /// The whole decision behind <see cref="SelectAsync"/>, with the classifier's answer: what the console's dry run
    /// shows, so it cannot drift from what real requests get.
    /// </summary>
    /// <exception cref="RequestRejectedException">The router is unknown (404) or has no available model (503).</exception>
    public async ValueTask<RouterDecision> ExplainAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        var current = config.Current;
        var name = request.RequestedModel.AsSpan(RouterConfigValidator.RouterPrefix.Length);
        if (!current.TryFindRouter(name, out var router))
            throw new RequestRejectedException(OpenAIErrors.RouterNotFound(name.ToString()));

        var (intent, latency) = await ClassifyAsync(router, current, request, cancellationToken).ConfigureAwait(false);
        var policy = intent is { IsOther: false } ? router.FindPolicy(intent.Route) : null;
        if (policy is not null && PoolRanker.PickAvailable(policy, metrics, availability) is { } model)
            return new RouterDecision(router, model, policy.TaskName, policy, intent, latency);

        foreach (var fallback in router.FallbackModels)
        {
            if (!fallback.Provider.IsMissingKey && availability.IsAvailable(fallback.Slug))
                return new RouterDecision(router, fallback, RoutingSectionsValidator.FallbackRoute, policy, intent, latency);
        }
        throw new RequestRejectedException(RouterErrors.NoModelAvailable(router.Name));
    }

    /// <summary>The classifier's answer (null when it did not run or failed: use the fallback) and how long it took.</summary>
    private async ValueTask<(IntentDecision? Intent, TimeSpan? Latency)> ClassifyAsync(RouterDefinition router, RouterConfig current,
        ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        if (router.Policies.Count == 0) return (null, null);
        var conversation = ConversationTrimmer.Trim(ConversationReader.Read(request.Body, request.ClientFormat));
        if (conversation.Count == 0) return (null, null);
        try
        {
            var clock = timeProvider ?? TimeProvider.System;
            var started = clock.GetTimestamp();
            var classifier = classifiers.Get(current.Routing.IntentModel.Classifier);
            var decision = await classifier.ClassifyAsync(conversation, router.Routes, cancellationToken).ConfigureAwait(false);
            return (decision, clock.GetElapsedTime(started));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A broken or unreachable classifier (e.g. the remote routing model timing out) must not take the router
            // down: the fallback models serve, which shows as a decision with fallback="true" in /metrics.
            logger.LogError(exception, "Classifying a request for router {Router} failed; using its fallback models", router.Name);
            return (null, null);
        }
    }
}
