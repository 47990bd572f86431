namespace ExtProcRouter.IntentModel.Remote;

public enum RemoteRouteOutcome
{
    /// <summary>The model named at least one offered route.</summary>
    Matched,

    /// <summary>The model answered that no offered route fits (<c>other</c>, an empty list, or only unknown names).</summary>
    NoMatch,

    /// <summary>No usable answer (timeout, HTTP error, unreadable reply): the router uses its fallback models.</summary>
    Unavailable,
}

public enum RemoteUnavailableReason
{
    None,
    Timeout,
    HttpStatus,
    Transport,
    InvalidResponse,
}

/// <summary>What the remote routing model decided, and how long the call took.</summary>
public sealed record RemoteRouteDecision(
    RemoteRouteOutcome Outcome,
    IReadOnlyList<string> Routes,
    RemoteUnavailableReason UnavailableReason,
    string? Detail,
    TimeSpan Latency)
{
    /// <summary>The best route, or null when none matched.</summary>
    public string? Route => Routes.Count > 0 ? Routes[0] : null;

    public static RemoteRouteDecision Matched(IReadOnlyList<string> routes, TimeSpan latency) =>
        new(RemoteRouteOutcome.Matched, routes, RemoteUnavailableReason.None, null, latency);

    public static RemoteRouteDecision NoMatch(TimeSpan latency) =>
        new(RemoteRouteOutcome.NoMatch, [], RemoteUnavailableReason.None, null, latency);

    public static RemoteRouteDecision Unavailable(RemoteUnavailableReason reason, string detail, TimeSpan latency) =>
        new(RemoteRouteOutcome.Unavailable, [], reason, detail, latency);
}
