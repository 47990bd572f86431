namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// One routing case as the fine-tuning trainer sees it: the token ids of its conversation views and of its offered
/// routes' texts, and the index of the right answer. Texts are kept as keys so that a batch encodes each once.
/// </summary>
/// <param name="Views">The latest user message first, then (when present) the earlier user turns and the last assistant turn.</param>
/// <param name="ViewKinds">Which view each entry of <paramref name="Views"/> is.</param>
/// <param name="Routes">The offered routes, in the case's order.</param>
/// <param name="Target">Index of the expected route, or <c>Routes.Count</c> for "other".</param>
/// <param name="Source">The data file, for per-file selection metrics.</param>
public sealed record FineTuneExample(
    IReadOnlyList<TokenizedText> Views,
    IReadOnlyList<ConversationViewKind> ViewKinds,
    IReadOnlyList<TokenizedRoute> Routes,
    int Target,
    string Source)
{
    public bool IsOther => Target == Routes.Count;
}
