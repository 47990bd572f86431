namespace ExtProcRouter.Routing.Availability;

/// <summary>A model that failed: how many times in a row, and until when it is skipped.</summary>
public sealed record CooldownState(int ConsecutiveFailures, DateTimeOffset Until);
