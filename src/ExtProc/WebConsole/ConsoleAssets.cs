using System.Reflection;
using System.Security.Cryptography;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The console's static files (wwwroot/, embedded in the assembly under <see cref="ResourcePrefix"/>), loaded once:
/// the sidecar ships as one executable and the console cannot go missing or drift from the API it calls.
/// </summary>
public sealed class ConsoleAssets
{
    public const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    private readonly Dictionary<string, ConsoleAsset> _assets;

    private ConsoleAssets(Dictionary<string, ConsoleAsset> assets) => _assets = assets;

    public IReadOnlyCollection<string> Paths => _assets.Keys;

    public static ConsoleAssets Load(Assembly? assembly = null)
    {
        assembly ??= typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            assets[path] = new ConsoleAsset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
        return new ConsoleAssets(assets);
    }

    public bool TryGet(string path, out ConsoleAsset asset) => _assets.TryGetValue(path, out asset!);
}
