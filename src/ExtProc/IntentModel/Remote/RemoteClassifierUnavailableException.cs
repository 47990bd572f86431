namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// The remote routing model gave no usable answer (timeout, HTTP error, unreadable reply). Routers treat a
/// classifier failure as "no task" and serve the request from their fallback models.
/// </summary>
public sealed class RemoteClassifierUnavailableException(RemoteUnavailableReason reason, string? detail)
    : Exception($"remote routing model unavailable: {reason}{(detail is null ? "" : $" ({detail})")}")
{
    public RemoteUnavailableReason Reason { get; } = reason;
}
