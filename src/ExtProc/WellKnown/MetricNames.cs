namespace ExtProcRouter.WellKnown;

/// <summary>
/// Prometheus metric family names. The <c>gen_ai_*</c> ones are the OpenTelemetry GenAI semantic-convention
/// instruments as OpenTelemetry's Prometheus mapping spells them: dots become underscores, a unit of seconds adds
/// <c>_seconds</c>, an annotation unit such as <c>{token}</c> adds nothing, counters end in <c>_total</c>.
/// </summary>
public static class MetricNames
{
    // OpenTelemetry GenAI (gen_ai.client.token.usage, gen_ai.client.operation.duration, gen_ai.server.*).
    public const string TokenUsage = "gen_ai_client_token_usage";
    public const string OperationDuration = "gen_ai_client_operation_duration_seconds";
    public const string TimeToFirstToken = "gen_ai_server_time_to_first_token_seconds";
    public const string TimePerOutputToken = "gen_ai_server_time_per_output_token_seconds";

    // Router.
    public const string RouterDecisions = "extproc_router_decisions_total";
    public const string ClassificationDuration = "extproc_router_classification_duration_seconds";
    public const string DecisionDuration = "extproc_router_decision_duration_seconds";
    public const string Affinity = "extproc_router_affinity_total";
    public const string Cooldowns = "extproc_router_cooldowns_total";
    public const string ModelsCoolingDown = "extproc_router_models_cooling_down";
    public const string MetricSourceRefreshFailures = "extproc_router_metric_source_refresh_failures_total";
    public const string ConfigReloads = "extproc_router_config_reloads_total";
    public const string ConfigReloadsRejected = "extproc_router_config_reloads_rejected_total";
    public const string EstimatedCost = "extproc_router_estimated_cost_usd_total";
    public const string Requests = "extproc_router_requests_total";
    public const string ConversationCacheLookups = "extproc_router_conversation_cache_lookups_total";
    public const string ConversationCacheEntries = "extproc_router_conversation_cache_entries";

    // ext_proc transport.
    public const string Streams = "extproc_streams_total";
    public const string ActiveStreams = "extproc_streams_active";
    public const string Messages = "extproc_messages_total";
    public const string ImmediateResponses = "extproc_immediate_responses_total";
}
