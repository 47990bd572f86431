using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.Routing;

/// <summary>
/// The routing state a dashboard needs to see that something silently keeps old values: failing live metric
/// sources, refused config reloads, models cooling down; and how often follow-up requests find their earlier turns
/// already embedded. Read at scrape time from the components that own it.
/// </summary>
public sealed class RoutingHealth(IEnumerable<IMetricSource> sources, RouterConfigMonitor monitor, ModelCooldowns cooldowns,
    ConversationCacheRegistry? conversationCaches = null)
{
    private readonly IMetricSource[] _sources = sources.ToArray();

    public IEnumerable<(string Source, long Failures)> SourceFailures => _sources.Select(source => (source.Name, source.FailureCount));

    public long ConfigReloads => monitor.Reloads;

    public long ConfigReloadsRejected => monitor.FailedReloads;

    public IEnumerable<(string Model, string Reason, long Count)> Cooldowns => cooldowns.FailureCounts;

    public int ModelsCoolingDown => monitor.Current.Models.Count(model => !cooldowns.IsAvailable(model.Slug));

    public IEnumerable<(string Classifier, long Hits, long Misses, int Entries)> ConversationCaches =>
        conversationCaches?.Loaded.Select(loaded => (loaded.Classifier, loaded.Cache.Hits, loaded.Cache.Misses, loaded.Cache.Count)) ?? [];
}
