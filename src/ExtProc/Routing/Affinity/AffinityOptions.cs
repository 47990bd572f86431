namespace ExtProcRouter.Routing.Affinity;

/// <summary>How long pins live and how many are kept.</summary>
/// <param name="TimeToLive">Sliding: every request of the session renews it.</param>
/// <param name="MaxPins">Above this, the least recently used pins are dropped.</param>
public sealed record AffinityOptions(TimeSpan TimeToLive, int MaxPins)
{
    public static AffinityOptions Default { get; } = new(TimeSpan.FromSeconds(600), 10_000);
}
