namespace ExtProcRouter.Routing.Affinity;

/// <summary>Where session pins live: in this process, or shared by several replicas.</summary>
public interface IAffinityStore
{
    /// <summary>The live pin of a session, renewing its time to live; null when there is none or it expired.</summary>
    ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken);

    /// <summary>Pins (or re-pins) a session, evicting the least recently used pins beyond the bound.</summary>
    ValueTask PinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken);
}
