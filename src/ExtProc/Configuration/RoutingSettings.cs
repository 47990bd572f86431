namespace ExtProcRouter.Configuration;

/// <summary>Router-wide settings: which classifier, how cooldowns grow, where live metrics come from.</summary>
/// <param name="ModelAliases">Catalog / Prometheus model names mapped to a configured slug or alias.</param>
public sealed record RoutingSettings(
    IntentModelConfig IntentModel,
    AvailabilityConfig Availability,
    MetricSourcesConfig MetricSources,
    IReadOnlyDictionary<string, string> ModelAliases)
{
    public static readonly RoutingSettings Default = new(IntentModelConfig.Default, AvailabilityConfig.Default,
        MetricSourcesConfig.None, new Dictionary<string, string>());
}
