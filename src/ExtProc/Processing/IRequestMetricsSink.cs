namespace ExtProcRouter.Processing;

/// <summary>Receives one <see cref="RequestRecord"/> per LLM request. Called on the request's thread: keep it cheap and non-blocking.</summary>
public interface IRequestMetricsSink
{
    void Record(RequestRecord record);
}
