using BenchmarkDotNet.Attributes;
using ExtProcRouter.Configuration;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Affinity;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Translation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.Benchmarks.Routing;

/// <summary>
/// What session pinning adds to a request, with the in-memory store full (10,000 pins): reading a pin (the hot
/// path of every later request of a session), the whole pinned selection, and pinning a new session at capacity
/// (which evicts the least recently used pin).
/// </summary>
[MemoryDiagnoser]
public class AffinityBenchmarks
{
    private const int Pins = 10_000;
    private const string Yaml = """
        providers:
          - {name: p, cluster: c, format: openai}
        models:
          - {slug: cheap, provider: p}
          - {slug: big, provider: p}
        """;

    private MemoryAffinityStore _store = null!;
    private SessionAffinity _affinity = null!;
    private IModelSelector _router = null!;
    private AffinityKey[] _keys = null!;
    private string[] _sessionIds = null!;
    private int _next;
    private int _fresh;

    [GlobalSetup]
    public void Setup()
    {
        var config = RouterConfigLoader.Load(Yaml, _ => null);
        _store = new MemoryAffinityStore(AffinityOptions.Default, TimeProvider.System);
        _affinity = new SessionAffinity(_store, new StaticRouterConfigSource(config), new NoCooldowns(), NullLogger<SessionAffinity>.Instance);
        _router = new FixedSelector(config);
        _keys = new AffinityKey[Pins];
        _sessionIds = new string[Pins];
        for (var i = 0; i < Pins; i++)
        {
            _sessionIds[i] = "session-" + i;
            _keys[i] = new AffinityKey("dev", _sessionIds[i]);
            _store.PinAsync(_keys[i], new PinnedModel(i % 2 == 0 ? "cheap" : "big", "review"), default).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public PinnedModel? LookupPin() => _store.TryGetAsync(_keys[_next++ % Pins], default).Result;

    [Benchmark]
    public ModelSelection PinnedSelection() => _affinity
        .SelectAsync(_router, new ModelSelectionRequest("router:dev", ApiFormat.OpenAIChat, ReadOnlyMemory<byte>.Empty),
            _sessionIds[_next++ % Pins], default).Result.Selection;

    [Benchmark]
    public void PinNewSessionAtCapacity() =>
        _store.PinAsync(new AffinityKey("dev", "fresh-" + _fresh++), new PinnedModel("cheap", null), default).AsTask().GetAwaiter().GetResult();

    private sealed class NoCooldowns : IModelAvailability
    {
        public bool IsAvailable(string slug) => true;
    }

    /// <summary>Only reached when a pin is missing: the benchmark measures the pinned path.</summary>
    private sealed class FixedSelector(RouterConfig config) : IModelSelector
    {
        public ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
        {
            config.TryFindModel("cheap", out var model);
            return ValueTask.FromResult(new ModelSelection(model, "review"));
        }
    }
}
