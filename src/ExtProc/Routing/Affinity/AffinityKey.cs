namespace ExtProcRouter.Routing.Affinity;

/// <summary>A pinned session: the same client id under two routers is two sessions.</summary>
public readonly record struct AffinityKey(string Router, string SessionId)
{
    /// <summary>Longest session id accepted; longer ones are refused rather than stored.</summary>
    public const int MaxSessionIdLength = 256;

    /// <summary>Router names cannot contain a newline, so this form never collides between routers.</summary>
    public override string ToString() => string.Concat(Router, "\n", SessionId);
}
