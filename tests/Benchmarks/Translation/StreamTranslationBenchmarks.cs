using System.Buffers;
using BenchmarkDotNet.Attributes;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.Translation;

/// <summary>
/// Translation of one long streamed answer per pair, one upstream chunk per SSE event as a proxy delivers them.
/// Reported per chunk (OperationsPerInvoke): Mean is ns per chunk, Allocated is bytes per chunk; the
/// MB/s column divides the upstream bytes per chunk by that time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class StreamTranslationBenchmarks
{
    private const int ChunksPerStream = LongStreamedAnswer.TextEvents;

    private readonly TranslatorFactory _factory = new(TimeProvider.System);
    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private IReadOnlyList<byte[]> _chunks = [];
    private byte[] _request = [];

    [ParamsSource(nameof(Pairs))]
    public TranslationPair Pair { get; set; } = TranslationPair.All[0];

    public static IEnumerable<TranslationPair> Pairs => TranslationPair.All;

    [GlobalSetup]
    public void Setup()
    {
        _chunks = LongStreamedAnswer.Chunks(Pair.Provider);
        _request = System.Text.Encoding.UTF8.GetBytes(Pair.ClientRequest);
    }

    [Benchmark(OperationsPerInvoke = ChunksPerStream)]
    public int TranslateStream()
    {
        _output.ResetWrittenCount();
        var translator = _factory.Create(Pair.Client, Pair.Provider);
        translator.TranslateRequest(_request, new UpstreamTarget("upstream-model", "provider/served-model", "/v1"));
        translator.BeginResponse(200, isEventStream: true);
        var chunks = _chunks;
        for (var i = 0; i < chunks.Count; i++)
            translator.TranslateResponseChunk(chunks[i], i == chunks.Count - 1, _output);
        return _output.WrittenCount;
    }
}
