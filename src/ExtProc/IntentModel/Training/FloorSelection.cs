namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// Epoch selection that protects per-file floors: the macro accuracy when every file reaches its floor; otherwise the
/// macro minus one minus the total shortfall, so that any epoch meeting all floors beats every epoch that misses one, and
/// among those that miss, the smaller miss wins. With no floors this is the plain macro accuracy.
/// </summary>
/// <remarks>
/// Why: selecting on the macro alone let the int8 head trade six points of follow-ups for gains elsewhere, which the
/// routing issue forbids ("no dev file worse than the frozen head").
/// </remarks>
public sealed class FloorSelection(IReadOnlyDictionary<string, double> floors)
{
    public static FloorSelection None { get; } = new(new Dictionary<string, double>());

    public IReadOnlyDictionary<string, double> Floors => floors;

    /// <summary>Parses "file=0.79,other.jsonl=0.5" (accuracies as fractions or percentages).</summary>
    public static FloorSelection Parse(string? text)
    {
        var parsed = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return new FloorSelection(parsed);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.LastIndexOf('=');
            if (equals <= 0 || !double.TryParse(part[(equals + 1)..], System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"Floor '{part}' is not file=accuracy.");
            parsed[part[..equals]] = value > 1 ? value / 100 : value;
        }
        return new FloorSelection(parsed);
    }

    /// <summary>Score of one epoch from its per-file accuracies (higher is better).</summary>
    public double Score(IReadOnlyDictionary<string, double> accuracyBySource)
    {
        if (accuracyBySource.Count == 0) return 0;
        var macro = accuracyBySource.Values.Average();
        var shortfall = 0.0;
        foreach (var (source, floor) in floors)
            if (accuracyBySource.TryGetValue(source, out var accuracy) && accuracy < floor) shortfall += floor - accuracy;
        return shortfall > 0 ? macro - 1 - shortfall : macro;
    }
}
