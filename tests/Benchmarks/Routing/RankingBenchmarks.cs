using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Policies;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Translation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.Benchmarks.Routing;

/// <summary>
/// What routing adds per request besides classification: ranking a 3-model pool against live snapshots and
/// cooldowns (per policy), and the whole router selection (body parse, trim, a constant classifier, ranking,
/// fallback walk). Target: ranking plus affinity lookup under 20 µs at p99.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class RankingBenchmarks
{
    private const string Yaml = """
        providers: [{name: p, cluster: c, format: openai}]
        models:
          - {slug: a, provider: p, input_price_per_million: 3, output_price_per_million: 15}
          - {slug: b, provider: p, input_price_per_million: 0.15, output_price_per_million: 0.6}
          - {slug: c, provider: p, input_price_per_million: 0.3, output_price_per_million: 2.5}
          - {slug: f, provider: p}
        metric_sources: {measured_ttft: {smoothing: 0.2}}
        routers:
          - name: bench
            policies:
              - {custom_task: {name: manual, description: manual order}, models: [a, b, c]}
              - {custom_task: {name: cheapest, description: cheapest first}, models: [a, b, c], selection_policy: {prefer: cheapest}}
              - {custom_task: {name: fastest, description: fastest first}, models: [a, b, c], selection_policy: {prefer: fastest}}
            fallback_models: [f]
        """;

    private RouterPolicy _manual = null!;
    private RouterPolicy _cheapest = null!;
    private RouterPolicy _fastest = null!;
    private LiveModelMetrics _metrics = null!;
    private ModelCooldowns _cooldowns = null!;
    private RouterModelSelector _selector = null!;
    private ModelSelectionRequest _request;

    [GlobalSetup]
    public void Setup()
    {
        var config = RouterConfigLoader.Load(Yaml, _ => null);
        config.TryFindRouter("bench", out var router);
        (_manual, _cheapest, _fastest) = (router.Policies[0], router.Policies[1], router.Policies[2]);
        var measured = new MeasuredTtftTracker(0.2);
        measured.Observe("a", TimeSpan.FromMilliseconds(400));
        measured.Observe("b", TimeSpan.FromMilliseconds(250));
        measured.Observe("c", TimeSpan.FromMilliseconds(300));
        _metrics = new LiveModelMetrics(null, null, measured);
        var source = new StaticRouterConfigSource(config);
        _cooldowns = new ModelCooldowns(source, TimeProvider.System);
        _cooldowns.ReportFailure("b"); // one model cooling, as in a realistic pool
        _selector = new RouterModelSelector(source, new ConstantClassifier("cheapest"), _metrics, _cooldowns, NullLogger<RouterModelSelector>.Instance);
        var body = """{"model":"router:bench","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Are there any syntax issues in this function? def f(x) return x"}]}""";
        _request = new ModelSelectionRequest("router:bench", ApiFormat.OpenAIChat, Encoding.UTF8.GetBytes(body));
    }

    [Benchmark]
    public ModelConfig? RankManual() => PoolRanker.PickAvailable(_manual, _metrics, _cooldowns);

    [Benchmark]
    public ModelConfig? RankCheapest() => PoolRanker.PickAvailable(_cheapest, _metrics, _cooldowns);

    [Benchmark]
    public ModelConfig? RankFastest() => PoolRanker.PickAvailable(_fastest, _metrics, _cooldowns);

    /// <summary>Everything but the classifier's own work: parse, trim, lookups, ranking.</summary>
    [Benchmark]
    public ValueTask<ModelSelection> SelectWithConstantClassifier() => _selector.SelectAsync(_request, CancellationToken.None);

    private sealed class ConstantClassifier(string route) : IIntentClassifier, IIntentClassifierProvider
    {
        private readonly IntentDecision _decision = new(route, 1, [], TimeSpan.Zero);
        public string Name => "constant";
        public IIntentClassifier Get(string name) => this;
        public ValueTask<IntentDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation, IReadOnlyList<RouteDescription> routes,
            CancellationToken cancellationToken) => ValueTask.FromResult(_decision);
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P95, StatisticColumn.Max);
    }
}
