using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ExtProcRouter.Standalone;

/// <summary>
/// config/gateway.yaml: the front door's listener, the sidecar address, the ext_proc filter settings and the cluster
/// addresses, i.e. the parts of envoy.yaml that the front door stands in for.
/// </summary>
public sealed class GatewayConfigFile
{
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary><c>http://127.0.0.1:50051</c> or <c>unix:/path/to/socket</c>.</summary>
    public string Sidecar { get; set; } = "http://127.0.0.1:50051";

    public int MessageTimeoutMs { get; set; } = 2000;
    public bool FailureModeAllow { get; set; }
    public long MaxBufferedBodyBytes { get; set; } = 8 * 1024 * 1024;
    public int UpstreamTimeoutSeconds { get; set; } = 300;
    public Dictionary<string, string> Clusters { get; set; } = [];

    public static GatewayConfigFile Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        using var reader = File.OpenText(path);
        return deserializer.Deserialize<GatewayConfigFile>(reader) ?? new GatewayConfigFile();
    }

    /// <summary>The front door's options; every problem is reported at once, with the offending name.</summary>
    public GatewayOptions ToOptions()
    {
        var errors = new List<string>();
        var clusters = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (name, address) in Clusters)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") clusters[name] = uri;
            else errors.Add($"cluster '{name}': address '{address}' is not an absolute http(s) URL");
        }
        if (MessageTimeoutMs < 0) errors.Add($"message_timeout_ms: {MessageTimeoutMs} is negative");
        if (MaxBufferedBodyBytes <= 0) errors.Add($"max_buffered_body_bytes: {MaxBufferedBodyBytes} must be positive");
        if (errors.Count > 0) throw new InvalidDataException("invalid gateway config:\n  " + string.Join("\n  ", errors));
        return new GatewayOptions
        {
            MessageTimeout = TimeSpan.FromMilliseconds(MessageTimeoutMs),
            FailureModeAllow = FailureModeAllow,
            MaxBufferedBodyBytes = MaxBufferedBodyBytes,
            UpstreamTimeout = TimeSpan.FromSeconds(UpstreamTimeoutSeconds),
            Clusters = clusters,
        };
    }
}
