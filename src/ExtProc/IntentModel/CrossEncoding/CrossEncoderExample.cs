namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// One routing case as the cross-encoder reads it: for every offered route, the token ids of that route's text and the
/// conversation in one sequence, and the index of the right answer.
/// </summary>
/// <param name="Id">The case id, to join with a bi-encoder's predictions.</param>
/// <param name="RouteNames">The offered routes' names, in the case's order.</param>
/// <param name="Pairs">Per offered route, route text then conversation, at most 128 ids.</param>
/// <param name="Target">Index of the expected route, or <c>RouteNames.Count</c> for "other".</param>
/// <param name="Source">The data file, for per-file metrics.</param>
public sealed record CrossEncoderExample(string Id, IReadOnlyList<string> RouteNames, IReadOnlyList<int[]> Pairs, int Target, string Source)
{
    public bool IsOther => Target == RouteNames.Count;
}
