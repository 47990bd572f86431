using BenchmarkDotNet.Attributes;
using ExtProcRouter.Processing;
using ExtProcRouter.Translation;
using ExtProcRouter.WebConsole;

namespace ExtProcRouter.Benchmarks.WebConsole;

/// <summary>
/// What the console costs: feeding its ring on every request (the only part on the request path), and one Analyze
/// refresh over a full ring (10,000 records spread over the last hour, five models, a fifth of them fallbacks).
/// </summary>
[MemoryDiagnoser]
public class ConsoleBenchmarks
{
    private static readonly string[] Models = ["sim-small", "sim-frontier", "sim-echo", "gpt-4o-mini", "claude-haiku"];
    private DecisionRecordRing _ring = null!;
    private IReadOnlyList<RequestRecord> _full = null!;
    private RequestRecord _record = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        _ring = new DecisionRecordRing();
        for (var i = 0; i < _ring.Capacity; i++)
        {
            var route = i % 5 == 0 ? "fallback" : "code_review";
            _ring.Record(new RequestRecord("router:demo", Models[i % Models.Length], "p", route, 200, false,
                new TokenUsage(100, 200, null), _now.AddSeconds(-3600.0 * i / _ring.Capacity), TimeSpan.FromMilliseconds(40 + i % 100),
                TimeSpan.FromMilliseconds(300), RequestOutcome.Completed, Router: "demo", Fallback: route == "fallback",
                DecisionLatency: TimeSpan.FromMilliseconds(2), CostUsd: 0.0001m));
        }
        _full = _ring.Snapshot();
        _record = _full[0];
    }

    [Benchmark]
    public void RecordIntoFullRing() => _ring.Record(_record);

    [Benchmark]
    public AnalyticsReport AggregateFullRing() => ConsoleAnalytics.Aggregate(_full, _now, TimeSpan.FromHours(1), _ring.Capacity);

    [Benchmark]
    public int SnapshotFullRing() => _ring.Snapshot().Count;
}
