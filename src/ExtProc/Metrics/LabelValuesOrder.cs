namespace ExtProcRouter.Metrics;

/// <summary>Orders label-value tuples ordinally, value by value, so every exposition lists series in the same order.</summary>
internal sealed class LabelValuesOrder : IComparer<string[]>
{
    public static readonly LabelValuesOrder Instance = new();

    public int Compare(string[]? x, string[]? y)
    {
        for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
        {
            var order = string.CompareOrdinal(x[i], y[i]);
            if (order != 0) return order;
        }
        return x.Length.CompareTo(y.Length);
    }
}
