namespace ExtProcRouter.Processing;

/// <summary>
/// The phases of one HTTP request as Envoy's ext_proc filter reports them, in the only order they can occur.
/// A stream moves forward through these; body phases may repeat (one message per chunk) until end of stream.
/// </summary>
public enum ProcessingPhase
{
    /// <summary>No message seen yet.</summary>
    Start = 0,
    RequestHeaders = 1,
    RequestBody = 2,
    RequestTrailers = 3,
    ResponseHeaders = 4,
    ResponseBody = 5,
    ResponseTrailers = 6,
}
