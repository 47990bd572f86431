namespace ExtProcRouter.Configuration;

/// <summary>How long a model that failed upstream (429, 5xx, connect failure) is skipped.</summary>
/// <param name="Cooldown">After the first failure in a row.</param>
/// <param name="MaxCooldown">The cap; each further failure in a row doubles the cooldown up to here.</param>
public sealed record AvailabilityConfig(TimeSpan Cooldown, TimeSpan MaxCooldown)
{
    public static readonly AvailabilityConfig Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
}
