namespace ExtProcRouter.Processing;

/// <summary>Receives one <see cref="RequestRecord"/> per LLM request. Called on the request's thread: keep it cheap and non-blocking.</summary>
public interface IRequestMetricsSink
{
    /// <summary>What the processor should extract from the request body for this sink; nothing by default (it costs a parse).</summary>
    RequestCapture Capture => RequestCapture.None;

    void Record(RequestRecord record);
}
