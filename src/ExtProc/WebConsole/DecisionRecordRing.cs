using ExtProcRouter.Processing;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The most recent requests (the same records the decision log writes), kept in memory for the console's analytics
/// whether or not the decision log file is enabled. Fixed capacity: the oldest record is overwritten, so memory
/// stays bounded under any load. Asks for no conversation hash or prompt text, so none is kept.
/// </summary>
public sealed class DecisionRecordRing : IRequestMetricsSink
{
    public const int DefaultCapacity = 10_000;

    private readonly RequestRecord?[] _slots;
    private readonly Lock _gate = new();
    private long _recorded;

    public DecisionRecordRing(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new RequestRecord?[capacity];
    }

    public int Capacity => _slots.Length;

    /// <summary>Records ever added, including those since overwritten.</summary>
    public long Recorded
    {
        get { lock (_gate) return _recorded; }
    }

    public void Record(RequestRecord record)
    {
        // A lock (not Interlocked slot claims) so a snapshot never sees a half-advanced ring; the critical section
        // is one store and one increment.
        lock (_gate)
        {
            _slots[_recorded % _slots.Length] = record;
            _recorded++;
        }
    }

    /// <summary>The records held now, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_recorded, _slots.Length);
            var result = new RequestRecord[count];
            var oldest = _recorded - count;
            for (var i = 0; i < count; i++) result[i] = _slots[(oldest + i) % _slots.Length]!;
            return result;
        }
    }
}
