using Microsoft.Extensions.Internal;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>Lets MemoryCache expire entries on an injected <see cref="TimeProvider"/> (fake time in tests).</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
