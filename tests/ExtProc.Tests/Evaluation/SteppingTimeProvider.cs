namespace ExtProcRouter.Tests.Evaluation;

/// <summary>A clock that advances by a fixed step every time it is read, so measured latencies are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
