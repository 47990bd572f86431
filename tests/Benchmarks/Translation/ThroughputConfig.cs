using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ExtProcRouter.Benchmarks.Translation;

/// <summary>Adds the upstream MB/s column: bytes per event of the pair's stream divided by the mean time per event.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new UpstreamThroughputColumn());

    private sealed class UpstreamThroughputColumn : IColumn
    {
        public string Id => nameof(UpstreamThroughputColumn);
        public string ColumnName => "Upstream MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Upstream stream bytes translated per second (MB = 10^6 bytes), one core";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics) return "-";
            if (benchmarkCase.Parameters["Pair"] is not TranslationPair pair) return "-";
            long bytes = 0;
            var chunks = LongStreamedAnswer.Chunks(pair.Provider);
            foreach (var chunk in chunks) bytes += chunk.Length;
            var bytesPerEvent = (double)bytes / LongStreamedAnswer.TextEvents;
            var megabytesPerSecond = bytesPerEvent / statistics.Mean * 1e9 / 1e6;
            return megabytesPerSecond.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
