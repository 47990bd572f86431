using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing.Availability;

/// <summary>
/// Per-model cooldowns. A failure skips the model for <c>availability.cooldown</c>; each further failure in a row
/// doubles that up to <c>availability.max_cooldown</c>; a success clears it. Reads are a lock-free lookup.
/// </summary>
public sealed class ModelCooldowns(IRouterConfigSource config, TimeProvider timeProvider) : IModelAvailability
{
    private readonly ConcurrentDictionary<string, CooldownState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Model, string Reason), StrongBox<long>> _failures = new();

    /// <summary>Failures reported since start.</summary>
    public long FailuresReported => _failures.Values.Sum(count => Interlocked.Read(ref count.Value));

    /// <summary>Failures reported since start per model and reason (for metrics).</summary>
    public IEnumerable<(string Model, string Reason, long Count)> FailureCounts =>
        _failures.Select(pair => (pair.Key.Model, pair.Key.Reason, Interlocked.Read(ref pair.Value.Value)));

    public bool IsAvailable(string slug) =>
        !_states.TryGetValue(slug, out var state) || timeProvider.GetUtcNow() >= state.Until;

    public CooldownState? StateOf(string slug) => _states.TryGetValue(slug, out var state) ? state : null;

    /// <param name="reason">Short and bounded, for metrics: the upstream status code, or "unspecified".</param>
    public void ReportFailure(string slug, string reason = "unspecified")
    {
        Interlocked.Increment(ref _failures.GetOrAdd((slug, reason), _ => new StrongBox<long>()).Value);
        var settings = config.Current.Routing.Availability;
        var now = timeProvider.GetUtcNow();
        _states.AddOrUpdate(slug,
            _ => new CooldownState(1, now + settings.Cooldown),
            (_, previous) =>
            {
                var failures = previous.ConsecutiveFailures + 1;
                return new CooldownState(failures, now + Backoff(settings, failures));
            });
    }

    public void ReportSuccess(string slug) => _states.TryRemove(slug, out _);

    private static TimeSpan Backoff(AvailabilityConfig settings, int failures)
    {
        // 2^(failures-1) without overflow: past 30 doublings any sane cooldown is above the cap anyway.
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(settings.Cooldown.Ticks * factor, settings.MaxCooldown.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
