using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Processing;

/// <summary>Chooses the processor for a request from its headers.</summary>
public interface IRequestProcessorFactory
{
    /// <summary>
    /// A processor for the request, or null when the sidecar has nothing to do with it (not an LLM API path):
    /// the stream is then closed cleanly without a reply, and Envoy continues without the sidecar.
    /// </summary>
    IRequestProcessor? Create(HttpHeaders requestHeaders);
}
