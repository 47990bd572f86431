namespace ExtProcRouter.Processing;

/// <summary>Drops every record; the default until the metrics part is wired in.</summary>
public sealed class NullRequestMetricsSink : IRequestMetricsSink
{
    public void Record(RequestRecord record)
    {
    }
}
