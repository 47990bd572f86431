namespace ExtProcRouter.Metrics;

/// <summary>What session affinity did for one request.</summary>
public enum AffinityOutcome
{
    /// <summary>The pinned model was used.</summary>
    Hit,
    /// <summary>No pin existed (or it expired); a new one was made.</summary>
    Miss,
    /// <summary>A pin existed but the request moved to another model (task changed, model cooling down).</summary>
    Switch,
}
