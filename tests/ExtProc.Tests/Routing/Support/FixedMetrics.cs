using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.Tests.Routing.Support;

/// <summary>Prices and latencies a test sets per slug; models not set have no data. Also a settable availability.</summary>
internal sealed class FixedMetrics : IModelMetrics, IModelAvailability
{
    public Dictionary<string, decimal> Prices { get; } = [];
    public Dictionary<string, double> Latencies { get; } = [];
    public HashSet<string> Unavailable { get; } = [];

    public bool TryGetPrice(ModelConfig model, out decimal totalPerMillion) => Prices.TryGetValue(model.Slug, out totalPerMillion);

    public bool TryGetLatency(ModelConfig model, out double seconds) => Latencies.TryGetValue(model.Slug, out seconds);

    public bool IsAvailable(string slug) => !Unavailable.Contains(slug);
}
