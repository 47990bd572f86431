using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Grpc.Client;

/// <summary>Reads a call's status from response headers or trailers.</summary>
internal static class GrpcResponseStatus
{
    /// <summary>The status in these headers (trailers, or the headers of a trailers-only response), if any.</summary>
    public static bool TryRead(HttpHeaders headers, out GrpcCallStatus status)
    {
        status = default;
        if (!headers.TryGetValues(GrpcHeaderNames.Status, out var codes))
            return false;

        string codeText = string.Join(",", codes);
        string message = headers.TryGetValues(GrpcHeaderNames.Message, out var messages)
            ? GrpcMessageEncoding.Decode(string.Join(",", messages))
            : "";
        status = int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 0 and <= 16
            ? new GrpcCallStatus((GrpcStatusCode)code, message)
            : new GrpcCallStatus(GrpcStatusCode.Unknown, $"invalid grpc-status '{codeText}' {message}".TrimEnd());
        return true;
    }

    /// <summary>grpc/doc/http-grpc-status-mapping.md: the status for a response that is not HTTP 200.</summary>
    public static GrpcCallStatus FromHttpStatus(HttpStatusCode httpStatus)
    {
        var code = (int)httpStatus switch
        {
            400 => GrpcStatusCode.Internal,
            401 => GrpcStatusCode.Unauthenticated,
            403 => GrpcStatusCode.PermissionDenied,
            404 => GrpcStatusCode.Unimplemented,
            429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
            _ => GrpcStatusCode.Unknown,
        };
        return new GrpcCallStatus(code, $"unexpected HTTP status {(int)httpStatus}");
    }
}
