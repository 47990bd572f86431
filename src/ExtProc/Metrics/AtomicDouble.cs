using System.Runtime.CompilerServices;

namespace ExtProcRouter.Metrics;

/// <summary>A double updated with compare-and-swap, so concurrent additions never lose an update.</summary>
internal struct AtomicDouble
{
    private double _value;

    public readonly double Read() => Volatile.Read(ref Unsafe.AsRef(in _value));

    public void Add(double amount)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + amount, current);
            // Compare bit patterns: NaN never equals itself and would spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current)) return;
            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _value, value);
}
