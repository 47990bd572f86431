using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>
/// The OpenTelemetry GenAI client/server instruments, with the bucket boundaries the semantic conventions advise.
/// Labels of every family: operation name, provider, request model, response model (token usage adds the token type).
/// </summary>
public sealed class GenAiMetrics
{
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] PerTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    public GenAiMetrics(MetricRegistry registry)
    {
        TokenUsage = registry.Histogram(MetricNames.TokenUsage, "Number of input, output and cached input tokens used per request (gen_ai.client.token.usage)",
            TokenBuckets, MetricLabels.OperationName, MetricLabels.ProviderName, MetricLabels.RequestModel, MetricLabels.ResponseModel, MetricLabels.TokenType);
        OperationDuration = registry.Histogram(MetricNames.OperationDuration, "Request duration from request headers to the end of the response, seconds (gen_ai.client.operation.duration)",
            DurationBuckets, MetricLabels.OperationName, MetricLabels.ProviderName, MetricLabels.RequestModel, MetricLabels.ResponseModel, MetricLabels.ErrorType);
        TimeToFirstToken = registry.Histogram(MetricNames.TimeToFirstToken, "Time from request headers to the first response bytes of a streamed response, seconds (gen_ai.server.time_to_first_token)",
            FirstTokenBuckets, MetricLabels.OperationName, MetricLabels.ProviderName, MetricLabels.RequestModel, MetricLabels.ResponseModel);
        TimePerOutputToken = registry.Histogram(MetricNames.TimePerOutputToken, "Time per output token after the first, streamed responses, seconds (gen_ai.server.time_per_output_token)",
            PerTokenBuckets, MetricLabels.OperationName, MetricLabels.ProviderName, MetricLabels.RequestModel, MetricLabels.ResponseModel);
    }

    public Histogram TokenUsage { get; }
    public Histogram OperationDuration { get; }
    public Histogram TimeToFirstToken { get; }
    public Histogram TimePerOutputToken { get; }
}
