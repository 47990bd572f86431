using System.Globalization;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.Routing.Availability;

/// <summary>
/// Feeds what the response phase saw back into routing: upstream 429/5xx (including Envoy's local 503 for a
/// connect failure) cool the served model down, a success clears it, and time to first token updates the
/// measured latency. Local rejections (the sidecar's own errors) say nothing about the model and are ignored.
/// Then hands the record on to <paramref name="next"/>.
/// </summary>
public sealed class RoutingFeedbackSink(ModelCooldowns cooldowns, MeasuredTtftTracker? measuredTtft, IRequestMetricsSink? next = null)
    : IRequestMetricsSink
{
    public void Record(RequestRecord record)
    {
        if (record.ServedModel is { } slug && record.Outcome != RequestOutcome.Rejected)
        {
            if (UpstreamStatus.IsFailure(record.StatusCode)) cooldowns.ReportFailure(slug, record.StatusCode.ToString(CultureInfo.InvariantCulture));
            else if (UpstreamStatus.IsSuccess(record.StatusCode))
            {
                cooldowns.ReportSuccess(slug);
                if (record.TimeToFirstToken is { } ttft) measuredTtft?.Observe(slug, ttft);
            }
        }
        next?.Record(record);
    }
}
