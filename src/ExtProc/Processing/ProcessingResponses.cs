using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Errors;
using ExtProcRouter.WellKnown;
using Google.Protobuf;
using StatusCode = Envoy.Type.V3.StatusCode;

namespace ExtProcRouter.Processing;

/// <summary>Builds the reply messages of each kind.</summary>
public static class ProcessingResponses
{
    private static readonly ByteString JsonContentType = ByteString.CopyFromUtf8("application/json");

    /// <summary>"Continue unchanged" for the given phase: a response of the kind that matches the message.</summary>
    public static ProcessingResponse Continue(ProcessingPhase phase) => phase switch
    {
        ProcessingPhase.RequestHeaders => new ProcessingResponse { RequestHeaders = new HeadersResponse() },
        ProcessingPhase.RequestBody => new ProcessingResponse { RequestBody = new BodyResponse() },
        ProcessingPhase.RequestTrailers => new ProcessingResponse { RequestTrailers = new TrailersResponse() },
        ProcessingPhase.ResponseHeaders => new ProcessingResponse { ResponseHeaders = new HeadersResponse() },
        ProcessingPhase.ResponseBody => new ProcessingResponse { ResponseBody = new BodyResponse() },
        ProcessingPhase.ResponseTrailers => new ProcessingResponse { ResponseTrailers = new TrailersResponse() },
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a message phase"),
    };

    /// <summary>A local reply carrying an OpenAI-style JSON error.</summary>
    public static ProcessingResponse Error(OpenAIError error)
    {
        var immediate = new ImmediateResponse
        {
            Status = new Envoy.Type.V3.HttpStatus { Code = (StatusCode)error.StatusCode },
            Body = ByteString.CopyFrom(OpenAIErrorSerializer.ToUtf8Json(error)),
            Headers = new HeaderMutation(),
            Details = "extproc_router_" + error.Code,
        };
        immediate.Headers.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.ContentType, JsonContentType));
        if (error.StatusCode == 405) immediate.Headers.SetHeaders.Add(HeaderOptions.Overwrite(HeaderNames.Allow, "POST"));
        return new ProcessingResponse { ImmediateResponse = immediate };
    }
}
