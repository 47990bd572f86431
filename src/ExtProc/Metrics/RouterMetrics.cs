using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Router-level counters and histograms, with one small method per event so the routing and request code can record
/// without knowing label names. Cooldowns, source failures, reloads, models cooling down and conversation-cache lookups are not pushed: they are read from
/// <see cref="RoutingHealth"/> at scrape time (zero when the host has no routing). All methods are lock-free and safe
/// to call from any thread. See Metrics/README.md.
/// </summary>
public sealed class RouterMetrics
{
    private static readonly double[] DecisionBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter _decisions;
    private readonly Histogram _classification;
    private readonly Histogram _decisionDuration;
    private readonly Counter _affinity;
    private readonly Counter _cost;
    private readonly Counter _requests;

    public RouterMetrics(MetricRegistry registry, RoutingHealth? health = null)
    {
        _decisions = registry.Counter(MetricNames.RouterDecisions,
            "Routing decisions by router, task and model; fallback=\"true\" when no task matched", MetricLabels.Router, MetricLabels.Task, MetricLabels.Model, MetricLabels.Fallback);
        _classification = registry.Histogram(MetricNames.ClassificationDuration, "Intent classification latency per router, seconds",
            DecisionBuckets, MetricLabels.Router);
        _decisionDuration = registry.Histogram(MetricNames.DecisionDuration, "Whole model-selection latency (classification, ranking, affinity) per router, seconds",
            DecisionBuckets, MetricLabels.Router);
        _affinity = registry.Counter(MetricNames.Affinity, "Session affinity outcomes: hit, miss, switch", MetricLabels.Router, MetricLabels.Outcome);
        registry.Observed(MetricNames.Cooldowns, "Upstream failures that put a model in cooldown (or extended it), by reason: the status code", MetricType.Counter,
            () => health?.Cooldowns.Select(c => new ObservedSample([c.Model, c.Reason], c.Count)) ?? [], MetricLabels.Model, MetricLabels.Reason);
        registry.Observed(MetricNames.ModelsCoolingDown, "Models currently cooling down", MetricType.Gauge,
            () => [new ObservedSample([], health?.ModelsCoolingDown ?? 0)]);
        registry.Observed(MetricNames.MetricSourceRefreshFailures, "Failed refreshes of live price/latency metric sources (last good values kept)", MetricType.Counter,
            () => health?.SourceFailures.Select(s => new ObservedSample([s.Source], s.Failures)) ?? [], MetricLabels.Source);
        registry.Observed(MetricNames.ConfigReloads, "Configuration reloads applied", MetricType.Counter,
            () => [new ObservedSample([], health?.ConfigReloads ?? 0)]);
        registry.Observed(MetricNames.ConversationCacheLookups,
            "Encoder-window lookups in the ONNX classifiers' conversation cache: a hit is a view (e.g. an earlier turn) not encoded again",
            MetricType.Counter, () => health?.ConversationCaches.SelectMany(c => new[]
            {
                new ObservedSample([c.Classifier, CacheLookupResults.Hit], c.Hits),
                new ObservedSample([c.Classifier, CacheLookupResults.Miss], c.Misses),
            }) ?? [], MetricLabels.Classifier, MetricLabels.Result);
        registry.Observed(MetricNames.ConversationCacheEntries, "Encoder windows held in each loaded ONNX classifier's conversation cache", MetricType.Gauge,
            () => health?.ConversationCaches.Select(c => new ObservedSample([c.Classifier], c.Entries)) ?? [], MetricLabels.Classifier);
        registry.Observed(MetricNames.ConfigReloadsRejected, "Configuration reloads rejected by validation (the previous configuration stays)", MetricType.Counter,
            () => [new ObservedSample([], health?.ConfigReloadsRejected ?? 0)]);
        _cost = registry.Counter(MetricNames.EstimatedCost, "Estimated cost in USD from usage and configured prices, by router and model (router=\"\" for concrete models)",
            MetricLabels.Router, MetricLabels.Model);
        _requests = registry.Counter(MetricNames.Requests, "LLM requests by HTTP status and outcome (completed, rejected, incomplete)", MetricLabels.Status, MetricLabels.Outcome);
    }

    /// <summary>One routing decision. <paramref name="task"/> is the matched task, or the fallback marker when <paramref name="fallback"/>.</summary>
    public void RecordDecision(string router, string task, string model, bool fallback) =>
        _decisions.Increment(router, task, model, fallback ? "true" : "false");

    public void RecordClassificationLatency(string router, TimeSpan latency) => _classification.Observe(latency.TotalSeconds, router);

    public void RecordDecisionLatency(string router, TimeSpan latency) => _decisionDuration.Observe(latency.TotalSeconds, router);

    public void RecordAffinity(string router, AffinityOutcome outcome) => _affinity.Increment(router, AffinityOutcomeLabels.Of(outcome));

    public void RecordCost(string? router, string model, decimal usd) => _cost.Add((double)usd, router ?? "", model);

    public void RecordRequest(int status, string outcome) => _requests.Increment(StatusLabel(status), outcome);

    public double DecisionCount(string router, string task, string model, bool fallback) => _decisions.Value(router, task, model, fallback ? "true" : "false");

    public double Cost(string? router, string model) => _cost.Value(router ?? "", model);

    /// <summary>Status codes 100-599 as themselves, anything else (0 = none seen) as "none": labels stay bounded.</summary>
    internal static string StatusLabel(int status) => status is >= 100 and <= 599 ? StatusCodes[status - 100] : "none";

    private static readonly string[] StatusCodes = Enumerable.Range(100, 500).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
