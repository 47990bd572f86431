using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>What ranking reads: a price and a latency per model, when known. Must be cheap and lock-free.</summary>
public interface IModelMetrics
{
    /// <summary>Input + output USD per million tokens.</summary>
    bool TryGetPrice(ModelConfig model, out decimal totalPerMillion);

    /// <summary>Time to first token in seconds.</summary>
    bool TryGetLatency(ModelConfig model, out double seconds);
}
