using Google.Protobuf;

namespace ExtProcRouter.Configuration;

/// <summary>
/// A provider's API key as the header Envoy must send upstream. The value is kept as ready-to-send bytes and
/// never exposed as a string, so it cannot end up in a log line or an error body by accident.
/// </summary>
public sealed class ProviderCredential
{
    public ProviderCredential(string headerName, string? scheme, string key)
    {
        HeaderName = headerName;
        HeaderValue = ByteString.CopyFromUtf8(scheme is null ? key : $"{scheme} {key}");
    }

    /// <summary>Lower-case header name, e.g. <c>authorization</c> or <c>x-api-key</c>.</summary>
    public string HeaderName { get; }

    /// <summary>The raw header value (immutable bytes), for <c>HeaderValue.raw_value</c>.</summary>
    internal ByteString HeaderValue { get; }

    public override string ToString() => $"{HeaderName}: [redacted]";
}
