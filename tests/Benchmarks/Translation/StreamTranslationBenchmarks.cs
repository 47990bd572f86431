using System.Buffers;
using BenchmarkDotNet.Attributes;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.Translation;

/// <summary>
/// Translation of one long streamed answer per pair, delivered either one upstream chunk per SSE event (as a
/// streaming proxy usually forwards them) or coalesced into 16 KiB chunks cut anywhere. Reported per event
/// (OperationsPerInvoke): Mean is ns per event, Allocated is bytes per event; the MB/s column divides the
/// upstream bytes per event by that time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class StreamTranslationBenchmarks
{
    private const int EventsPerStream = LongStreamedAnswer.TextEvents;

    private readonly TranslatorFactory _factory = new(TimeProvider.System);
    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private IReadOnlyList<byte[]> _chunks = [];
    private byte[] _request = [];

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    /// <summary>0: one chunk per event; otherwise the stream is re-cut into chunks of this many bytes.</summary>
    [Params(0, 16 * 1024)]
    public int ChunkBytes { get; set; }

    public static IEnumerable<TranslationPair> Pairs => TranslationPair.All;

    [GlobalSetup]
    public void Setup()
    {
        var events = LongStreamedAnswer.Chunks(Pair.Provider);
        _chunks = ChunkBytes == 0 ? events : Recut(events, ChunkBytes);
        _request = System.Text.Encoding.UTF8.GetBytes(Pair.ClientRequest);
    }

    /// <summary>Priced like a configured model, so the stream's final usage carries cost_usd as in production.</summary>
    private static decimal? CostOfUsage(TokenUsage usage) =>
        ((usage.InputTokens ?? 0) * 0.05m + (usage.OutputTokens ?? 0) * 0.45m) / 1_000_000m;

    private static List<byte[]> Recut(IReadOnlyList<byte[]> events, int size)
    {
        var all = events.SelectMany(e => e).ToArray();
        return all.Chunk(size).ToList();
    }

    [Benchmark(OperationsPerInvoke = EventsPerStream)]
    public int TranslateStream()
    {
        _output.ResetWrittenCount();
        var translator = _factory.Create(Pair.Client, Pair.Provider, CostOfUsage);
        translator.TranslateRequest(_request, new UpstreamTarget("upstream-model", "provider/served-model", "/v1"));
        translator.BeginResponse(200, isEventStream: true);
        var chunks = _chunks;
        for (var i = 0; i < chunks.Count; i++)
            translator.TranslateResponseChunk(chunks[i], i == chunks.Count - 1, _output);
        return _output.WrittenCount;
    }
}
