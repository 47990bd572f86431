using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Router-level counters and histograms, with one small method per event so the routing, affinity, cooldown,
/// metric-source and control-plane code can record without knowing label names. All methods are lock-free and
/// safe to call from any thread. See Metrics/README.md.
/// </summary>
public sealed class RouterMetrics
{
    private static readonly double[] DecisionBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter _decisions;
    private readonly Histogram _classification;
    private readonly Histogram _decisionDuration;
    private readonly Counter _affinity;
    private readonly Counter _cooldowns;
    private readonly Gauge _coolingDown;
    private readonly Counter _sourceFailures;
    private readonly Counter _reloads;
    private readonly Counter _reloadsRejected;
    private readonly Counter _cost;
    private readonly Counter _requests;

    public RouterMetrics(MetricRegistry registry)
    {
        _decisions = registry.Counter(MetricNames.RouterDecisions,
            "Routing decisions by router, task and model; fallback=\"true\" when no task matched", MetricLabels.Router, MetricLabels.Task, MetricLabels.Model, MetricLabels.Fallback);
        _classification = registry.Histogram(MetricNames.ClassificationDuration, "Intent classification latency per router, seconds",
            DecisionBuckets, MetricLabels.Router);
        _decisionDuration = registry.Histogram(MetricNames.DecisionDuration, "Whole model-selection latency (classification, ranking, affinity) per router, seconds",
            DecisionBuckets, MetricLabels.Router);
        _affinity = registry.Counter(MetricNames.Affinity, "Session affinity outcomes: hit, miss, switch", MetricLabels.Router, MetricLabels.Outcome);
        _cooldowns = registry.Counter(MetricNames.Cooldowns, "Times a model was put in cooldown, by reason (e.g. 429, 5xx)", MetricLabels.Model, MetricLabels.Reason);
        _coolingDown = registry.Gauge(MetricNames.ModelsCoolingDown, "Models currently cooling down");
        _sourceFailures = registry.Counter(MetricNames.MetricSourceRefreshFailures, "Failed refreshes of live price/latency metric sources", MetricLabels.Source);
        _reloads = registry.Counter(MetricNames.ConfigReloads, "Configuration reloads applied");
        _reloadsRejected = registry.Counter(MetricNames.ConfigReloadsRejected, "Configuration reloads rejected by validation (the previous configuration stays)");
        _cost = registry.Counter(MetricNames.EstimatedCost, "Estimated cost in USD from usage and configured prices, by router and model (router=\"\" for concrete models)",
            MetricLabels.Router, MetricLabels.Model);
        _requests = registry.Counter(MetricNames.Requests, "LLM requests by HTTP status and outcome (completed, rejected, incomplete)", MetricLabels.Status, MetricLabels.Outcome);
    }

    /// <summary>One routing decision. <paramref name="task"/> is the matched task, or the fallback marker when <paramref name="fallback"/>.</summary>
    public void RecordDecision(string router, string task, string model, bool fallback) =>
        _decisions.Increment(router, task, model, fallback ? "true" : "false");

    public void RecordClassificationLatency(string router, TimeSpan latency) => _classification.Observe(latency.TotalSeconds, router);

    public void RecordDecisionLatency(string router, TimeSpan latency) => _decisionDuration.Observe(latency.TotalSeconds, router);

    public void RecordAffinity(string router, AffinityOutcome outcome) => _affinity.Increment(router, AffinityLabel(outcome));

    /// <summary>A model entered cooldown; <paramref name="reason"/> is short and bounded (a status code, "timeout").</summary>
    public void RecordCooldown(string model, string reason) => _cooldowns.Increment(model, reason);

    public void SetModelsCoolingDown(int count) => _coolingDown.Set(count);

    public void RecordMetricSourceRefreshFailure(string source) => _sourceFailures.Increment(source);

    public void RecordConfigReload(bool accepted)
    {
        if (accepted) _reloads.Increment();
        else _reloadsRejected.Increment();
    }

    public void RecordCost(string? router, string model, decimal usd) => _cost.Add((double)usd, router ?? "", model);

    public void RecordRequest(int status, string outcome) => _requests.Increment(StatusLabel(status), outcome);

    public double DecisionCount(string router, string task, string model, bool fallback) => _decisions.Value(router, task, model, fallback ? "true" : "false");

    public double Cost(string? router, string model) => _cost.Value(router ?? "", model);

    internal static string AffinityLabel(AffinityOutcome outcome) => outcome switch
    {
        AffinityOutcome.Hit => "hit",
        AffinityOutcome.Miss => "miss",
        _ => "switch",
    };

    /// <summary>Status codes 100-599 as themselves, anything else (0 = none seen) as "none": labels stay bounded.</summary>
    internal static string StatusLabel(int status) => status is >= 100 and <= 599 ? StatusCodes[status - 100] : "none";

    private static readonly string[] StatusCodes = Enumerable.Range(100, 500).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
