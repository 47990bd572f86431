namespace ExtProcRouter.Routing.Affinity;

/// <summary>What session affinity did for one request.</summary>
public enum AffinityOutcome
{
    /// <summary>The pinned model was used.</summary>
    Hit,
    /// <summary>No pin existed (or it expired); a new one was made.</summary>
    Miss,
    /// <summary>A pin existed but its model was unavailable (cooling down, or gone after a reload), so the session moved.</summary>
    Switch,
}

/// <summary>The lower-case names metrics and the decision log use for <see cref="AffinityOutcome"/>.</summary>
public static class AffinityOutcomeLabels
{
    public static string Of(AffinityOutcome outcome) => outcome switch
    {
        AffinityOutcome.Hit => "hit",
        AffinityOutcome.Miss => "miss",
        _ => "switch",
    };
}
