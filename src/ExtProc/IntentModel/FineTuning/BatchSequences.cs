namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// The distinct texts of a batch of cases as one list of sequences to encode, and for every case the indices of its
/// views and candidate routes in that list. A route text shared by several cases (the same router) is encoded once.
/// </summary>
internal sealed class BatchSequences
{
    private readonly IReadOnlyList<FineTuneExample> _batch;
    private readonly List<int[]> _tokenIds = new();
    private readonly List<string> _texts = new();
    private readonly List<int>[] _routes;
    private readonly List<(string Name, int Index)> _batchRoutes = new();

    public BatchSequences(IReadOnlyList<FineTuneExample> batch)
    {
        _batch = batch;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int Add(TokenizedText text)
        {
            if (!indexOf.TryGetValue(text.Text, out var index))
            {
                indexOf[text.Text] = index = _tokenIds.Count;
                _tokenIds.Add(text.TokenIds);
                _texts.Add(text.Text);
            }
            return index;
        }

        Views = new List<int>[batch.Count];
        _routes = new List<int>[batch.Count];
        var seenRoutes = new HashSet<int>();
        for (var b = 0; b < batch.Count; b++)
        {
            Views[b] = batch[b].Views.Select(Add).ToList();
            _routes[b] = new List<int>(batch[b].Routes.Count);
            foreach (var route in batch[b].Routes)
            {
                var index = Add(route.Text);
                _routes[b].Add(index);
                if (seenRoutes.Add(index)) _batchRoutes.Add((route.Name, index));
            }
        }
    }

    public IReadOnlyList<int[]> TokenIds => _tokenIds;

    /// <summary>The text of each sequence (same order as <see cref="TokenIds"/>).</summary>
    public IReadOnlyList<string> Texts => _texts;

    /// <summary>Per case, the sequence index of each view (in the case's view order).</summary>
    public List<int>[] Views { get; }

    /// <summary>
    /// The case's offered routes, then (with <paramref name="inBatchNegatives"/>) the batch's other route texts, except
    /// those named like one of the case's own routes: another router's "code_generation" would be a false negative.
    /// </summary>
    public List<int> Candidates(int caseIndex, bool inBatchNegatives)
    {
        var candidates = new List<int>(_routes[caseIndex]);
        if (!inBatchNegatives) return candidates;
        var own = _batch[caseIndex].Routes.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var taken = candidates.ToHashSet();
        foreach (var (name, index) in _batchRoutes)
            if (!own.Contains(name) && taken.Add(index)) candidates.Add(index);
        return candidates;
    }
}
