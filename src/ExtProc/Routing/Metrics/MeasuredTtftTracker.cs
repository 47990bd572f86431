using System.Collections.Concurrent;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// The sidecar's own time to first token per served model, exponentially weighted so that a model that got slow
/// a minute ago ranks behind one that is fast now, without keeping samples.
/// </summary>
public sealed class MeasuredTtftTracker(double smoothing)
{
    private readonly ConcurrentDictionary<string, double> _seconds = new(StringComparer.Ordinal);

    public void Observe(string slug, TimeSpan timeToFirstToken)
    {
        var sample = timeToFirstToken.TotalSeconds;
        if (!double.IsFinite(sample) || sample < 0) return;
        _seconds.AddOrUpdate(slug, sample, (_, previous) => previous + smoothing * (sample - previous));
    }

    public bool TryGet(string slug, out double seconds) => _seconds.TryGetValue(slug, out seconds);
}
