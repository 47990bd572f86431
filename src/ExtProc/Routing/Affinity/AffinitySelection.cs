namespace ExtProcRouter.Routing.Affinity;

/// <summary>The model chosen for a request that may belong to a pinned session.</summary>
/// <param name="Selection">The model (and task) that serves the request.</param>
/// <param name="Repinned">The session's pinned model was unavailable, so it was routed again and re-pinned.</param>
public readonly record struct AffinitySelection(ModelSelection Selection, bool Repinned);
