using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace ExtProcRouter.Processing;

/// <summary>Header mutations the way Envoy wants them from us: raw_value, and an explicit append action.</summary>
public static class HeaderOptions
{
    /// <summary>Sets a header the sidecar owns, replacing any value the client sent.</summary>
    public static HeaderValueOption Overwrite(string name, string value) => Overwrite(name, ByteString.CopyFromUtf8(value));

    public static HeaderValueOption Overwrite(string name, ByteString rawValue) => new()
    {
        Header = new HeaderValue { Key = name, RawValue = rawValue },
        AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
    };
}
