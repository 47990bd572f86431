namespace ExtProcRouter.Routing.Availability;

/// <summary>How an upstream status counts for availability.</summary>
public static class UpstreamStatus
{
    /// <summary>Rate limited, server errors, and Envoy's own 502/503/504 for connect failures and timeouts.</summary>
    public static bool IsFailure(int status) => status == 429 || status is >= 500 and <= 599;

    /// <summary>The model answered; other 4xx are the client's fault and say nothing about the model.</summary>
    public static bool IsSuccess(int status) => status is >= 200 and <= 399;
}
