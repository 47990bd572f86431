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
        var current = config.Current;
        var name = request.RequestedModel.AsSpan(RouterConfigValidator.RouterPrefix.Length);
        if (!current.TryFindRouter(name, out var router))
            throw new RequestRejectedException(OpenAIErrors.RouterNotFound(name.ToString()));

        var (policy, classification) = await MatchPolicyAsync(router, current, request, cancellationToken).ConfigureAwait(false);
        if (policy is not null && PoolRanker.PickAvailable(policy, metrics, availability) is { } model)
            return new ModelSelection(model, policy.TaskName, classification);

        foreach (var fallback in router.FallbackModels)
        {
            if (!fallback.Provider.IsMissingKey && availability.IsAvailable(fallback.Slug))
                return new ModelSelection(fallback, RoutingSectionsValidator.FallbackRoute, classification);
        }
        throw new RequestRejectedException(RouterErrors.NoModelAvailable(router.Name));
    }

    /// <summary>The policy of the task the classifier matched (null: no task, use the fallback) and how long it took.</summary>
    private async ValueTask<(RouterPolicy? Policy, TimeSpan? Latency)> MatchPolicyAsync(RouterDefinition router, RouterConfig current,
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
            var latency = clock.GetElapsedTime(started);
            return (decision.IsOther ? null : router.FindPolicy(decision.Route), latency);
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
