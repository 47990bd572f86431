using ExtProcRouter.Processing;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// Aggregates recent request records into the console's Analyze view. Pure: the records and the current time come
/// in, so tests can script both. A record belongs to the bucket in which it started.
/// </summary>
public static class ConsoleAnalytics
{
    public const int DefaultBucketCount = 30;

    public static AnalyticsReport Aggregate(IReadOnlyList<RequestRecord> records, DateTimeOffset now, TimeSpan window,
        int ringCapacity, int bucketCount = DefaultBucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        var bucketSize = window / bucketCount;
        var start = now - window;
        var buckets = new Accumulator[bucketCount];
        for (var i = 0; i < bucketCount; i++) buckets[i] = new Accumulator();
        var total = new Accumulator();
        var models = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        var ttfts = new List<double>();

        foreach (var record in records)
        {
            if (record.StartedAt < start || record.StartedAt > now) continue;
            // The last bucket is closed at 'now', so a request that started exactly now still counts.
            var index = Math.Min(bucketCount - 1, (int)((record.StartedAt - start) / bucketSize));
            buckets[index].Add(record);
            total.Add(record);
            if (record.ServedModel is { } model)
            {
                if (!models.TryGetValue(model, out var perModel)) models[model] = perModel = new Accumulator();
                perModel.Add(record);
            }
            if (record.TimeToFirstToken is { } ttft) ttfts.Add(ttft.TotalMilliseconds);
        }

        ttfts.Sort();
        var served = models.Values.Sum(m => m.Requests);
        var shares = models
            .OrderByDescending(m => m.Value.Requests).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ModelShare(m.Key, m.Value.Requests, (double)m.Value.Requests / served, m.Value.CostUsd, m.Value.TtftAverage))
            .ToArray();
        var totals = new AnalyticsTotals(total.Requests, total.RouterRequests, total.TaskMatched, total.Fallbacks, total.Errors,
            total.CostUsd,
            Rate(total.TaskMatched, total.RouterRequests), Rate(total.Fallbacks, total.RouterRequests),
            NearestRank(ttfts, 0.50), NearestRank(ttfts, 0.95), total.DecisionAverage);
        var slices = new AnalyticsBucket[bucketCount];
        for (var i = 0; i < bucketCount; i++) slices[i] = buckets[i].ToBucket(start + bucketSize * i);
        return new AnalyticsReport(now, (int)window.TotalSeconds, (int)Math.Round(bucketSize.TotalSeconds), ringCapacity, totals, shares, slices);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double? NearestRank(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    /// <summary>Running sums for one bucket, one model or the whole window.</summary>
    private sealed class Accumulator
    {
        private double _ttftSum;
        private int _ttftCount;
        private double _decisionSum;
        private int _decisionCount;
        private readonly Dictionary<string, int> _models = new(StringComparer.Ordinal);

        public int Requests { get; private set; }
        public int RouterRequests { get; private set; }
        public int TaskMatched { get; private set; }
        public int Fallbacks { get; private set; }
        public int Errors { get; private set; }
        public decimal CostUsd { get; private set; }
        public double? TtftAverage => _ttftCount == 0 ? null : _ttftSum / _ttftCount;
        public double? DecisionAverage => _decisionCount == 0 ? null : _decisionSum / _decisionCount;

        public void Add(RequestRecord record)
        {
            Requests++;
            // A router request counts once a route was chosen; one rejected before (e.g. unknown router) has no decision to rate.
            if (record.Router is not null && record.SelectedRoute is not null)
            {
                RouterRequests++;
                if (record.Fallback) Fallbacks++;
                else TaskMatched++;
            }
            if (record.StatusCode >= 400 || record.Outcome == RequestOutcome.Incomplete) Errors++;
            if (record.CostUsd is { } cost) CostUsd += cost;
            if (record.TimeToFirstToken is { } ttft)
            {
                _ttftSum += ttft.TotalMilliseconds;
                _ttftCount++;
            }
            if (record.DecisionLatency is { } decision)
            {
                _decisionSum += decision.TotalMilliseconds;
                _decisionCount++;
            }
            if (record.ServedModel is { } model) _models[model] = _models.GetValueOrDefault(model) + 1;
        }

        public AnalyticsBucket ToBucket(DateTimeOffset start) =>
            new(start, Requests, RouterRequests, TaskMatched, Fallbacks, Errors, CostUsd, TtftAverage, _models);
    }
}
