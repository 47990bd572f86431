namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>A clock stopped at a known instant, so <c>created</c> timestamps in golden outputs are stable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    /// <summary>1700000000 seconds after the Unix epoch.</summary>
    public static FixedTimeProvider Default { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public override DateTimeOffset GetUtcNow() => now;
}
