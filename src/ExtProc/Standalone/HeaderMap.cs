using System.Text;
using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace ExtProcRouter.Standalone;

/// <summary>An ordered, multi-valued header list with lower-case names, as Envoy keeps headers.</summary>
public sealed class HeaderMap
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public string? Get(string name)
    {
        foreach (var (key, value) in _entries)
        {
            if (key == name) return value;
        }
        return null;
    }

    public bool Contains(string name) => Get(name) is not null;

    public void Add(string name, string value) => _entries.Add(new(name.ToLowerInvariant(), value));

    public void Set(string name, string value)
    {
        Remove(name);
        Add(name, value);
    }

    public void Remove(string name)
    {
        var lower = name.ToLowerInvariant();
        _entries.RemoveAll(e => e.Key == lower);
    }

    /// <summary>The headers as an ext_proc HeaderMap, values in <c>raw_value</c> as current Envoys send them.</summary>
    public Envoy.Config.Core.V3.HeaderMap ToProto()
    {
        var map = new Envoy.Config.Core.V3.HeaderMap();
        foreach (var (key, value) in _entries)
        {
            map.Headers.Add(new HeaderValue { Key = key, RawValue = ByteString.CopyFromUtf8(value) });
        }
        return map;
    }

    /// <summary>A header value as the processor wrote it: <c>raw_value</c> wins over the legacy <c>value</c>.</summary>
    public static string ValueOf(HeaderValue header) =>
        header.RawValue.IsEmpty ? header.Value : Encoding.UTF8.GetString(header.RawValue.Span);
}
