namespace ExtProcRouter.Routing.Affinity;

/// <summary>The model selected for a request, and what session affinity did to get it.</summary>
/// <param name="Outcome">Null when the request had no session (or was not for a router), so affinity played no part.</param>
public readonly record struct AffinitySelection(ModelSelection Selection, AffinityOutcome? Outcome)
{
    /// <summary>The session's pinned model was unavailable, so it was routed again and re-pinned.</summary>
    public bool Repinned => Outcome == AffinityOutcome.Switch;
}
