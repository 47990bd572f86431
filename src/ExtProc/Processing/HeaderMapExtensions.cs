using System.Text;
using Envoy.Config.Core.V3;

namespace ExtProcRouter.Processing;

/// <summary>Reads headers as Envoy sends them: lower-case keys, the value in raw_value (or value, from older Envoys).</summary>
public static class HeaderMapExtensions
{
    public static string? GetValue(this HeaderMap? headers, string name)
    {
        if (headers is null) return null;
        foreach (var header in headers.Headers)
        {
            if (!string.Equals(header.Key, name, StringComparison.Ordinal)) continue;
            return header.RawValue.IsEmpty ? header.Value : Encoding.UTF8.GetString(header.RawValue.Span);
        }
        return null;
    }
}
