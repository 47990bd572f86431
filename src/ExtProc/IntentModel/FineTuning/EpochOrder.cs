namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// Which training case sits at each position of a run: consecutive slices of a seeded shuffle per epoch.
/// </summary>
/// <remarks>
/// A function of (seed, epoch) only, so step k always sees the same batch and a run resumed from a checkpoint
/// continues as an uninterrupted one. Not HashCode.Combine for the epoch's seed: it is randomised per process.
/// </remarks>
internal sealed class EpochOrder(int seed, int count)
{
    private int[]? _order;
    private int _epoch = -1;

    public int Count => count;

    /// <summary>The index of the case at <paramref name="position"/> (= step x batch size + slot).</summary>
    public int At(long position)
    {
        var epoch = (int)(position / count);
        if (epoch != _epoch)
        {
            _order = Enumerable.Range(0, count).ToArray();
            new Random(unchecked(seed * 7919 + epoch) & 0x7fffffff).Shuffle(_order);
            _epoch = epoch;
        }
        return _order![(int)(position % count)];
    }
}
