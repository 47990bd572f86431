namespace ExtProcRouter.IntentModel.Remote;

/// <summary>Counts of remote routing-model calls by outcome, for the metrics endpoint. Thread-safe.</summary>
public sealed class RemoteRouteClassifierMetrics
{
    private long _calls;
    private long _matched;
    private long _noMatch;
    private long _timeouts;
    private long _httpErrors;
    private long _transportErrors;
    private long _invalidResponses;

    public long Calls => Interlocked.Read(ref _calls);
    public long Matched => Interlocked.Read(ref _matched);
    public long NoMatch => Interlocked.Read(ref _noMatch);
    public long Timeouts => Interlocked.Read(ref _timeouts);
    public long HttpErrors => Interlocked.Read(ref _httpErrors);
    public long TransportErrors => Interlocked.Read(ref _transportErrors);
    public long InvalidResponses => Interlocked.Read(ref _invalidResponses);

    /// <summary>Calls whose requests went to the fallback models because the routing model gave no usable answer.</summary>
    public long Unavailable => Timeouts + HttpErrors + TransportErrors + InvalidResponses;

    internal void Record(RemoteRouteDecision decision)
    {
        Interlocked.Increment(ref _calls);
        switch (decision.Outcome, decision.UnavailableReason)
        {
            case (RemoteRouteOutcome.Matched, _): Interlocked.Increment(ref _matched); break;
            case (RemoteRouteOutcome.NoMatch, _): Interlocked.Increment(ref _noMatch); break;
            case (_, RemoteUnavailableReason.Timeout): Interlocked.Increment(ref _timeouts); break;
            case (_, RemoteUnavailableReason.HttpStatus): Interlocked.Increment(ref _httpErrors); break;
            case (_, RemoteUnavailableReason.Transport): Interlocked.Increment(ref _transportErrors); break;
            default: Interlocked.Increment(ref _invalidResponses); break;
        }
    }
}
