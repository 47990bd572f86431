using ExtProcRouter.Configuration;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Translation;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The Playground's Route button: asks the live router selector for the decision it would make (the same code path
/// a real request takes, minus session affinity and metrics) and adds the ranked pool with the prices and latencies
/// the ranking read.
/// </summary>
public sealed class RouteDryRun(
    RouterModelSelector selector,
    IModelMetrics metrics,
    IModelAvailability availability,
    IRouterConfigSource config,
    IIntentClassifierProvider classifiers,
    TimeProvider timeProvider)
{
    /// <exception cref="Errors.RequestRejectedException">The router has no available model (503).</exception>
    public async Task<RouteExplanation> RunAsync(ConsoleRouteRequest request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var decision = await selector.ExplainAsync(
            new ModelSelectionRequest(RouterConfigValidator.RouterPrefix + request.Router, ApiFormat.OpenAIChat, request.ChatBody),
            cancellationToken).ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(started);

        var policy = decision.MatchedPolicy;
        var candidates = policy is null ? [] : Describe(PoolRanker.Rank(policy, metrics), decision.IsFallback ? null : decision.Model);
        var fallbacks = Describe(decision.Router.FallbackModels, decision.IsFallback ? decision.Model : null);
        var intent = decision.Intent;
        return new RouteExplanation(
            decision.Router.Name,
            decision.SelectedRoute,
            policy?.TaskName,
            decision.IsFallback,
            intent?.Confidence,
            classifiers.Get(config.Current.Routing.IntentModel.Classifier).Name,
            decision.Model.Slug,
            decision.Model.Provider.Name,
            policy is null ? null : SelectionPreferenceNames.ToText(policy.Preference) ?? "manual",
            Math.Round(elapsed.TotalMilliseconds, 3),
            candidates,
            fallbacks,
            intent?.Scores ?? []);
    }

    private RouteCandidate[] Describe(IReadOnlyList<ModelConfig> models, ModelConfig? chosen)
    {
        var result = new RouteCandidate[models.Count];
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            result[i] = new RouteCandidate(
                model.Slug,
                model.Provider.Name,
                i + 1,
                ReferenceEquals(model, chosen) || (chosen is not null && model.Slug == chosen.Slug),
                !model.Provider.IsMissingKey && availability.IsAvailable(model.Slug),
                model.InputPricePerMillionTokens,
                model.OutputPricePerMillionTokens,
                metrics.TryGetPrice(model, out var price) ? price : null,
                metrics.TryGetLatency(model, out var seconds) ? Math.Round(seconds * 1000, 3) : null);
        }
        return result;
    }
}
