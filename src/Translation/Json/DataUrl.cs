namespace ExtProcRouter.Translation.Json;

/// <summary>A base64 <c>data:</c> URL (RFC 2397) as OpenAI clients send inline images.</summary>
internal readonly record struct DataUrl(string MediaType, string Base64Data)
{
    public static bool TryParse(string url, out DataUrl dataUrl)
    {
        dataUrl = default;
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return false;
        var comma = url.IndexOf(',');
        if (comma < 0) return false;
        var header = url.AsSpan(5, comma - 5);
        const string base64Marker = ";base64";
        if (!header.EndsWith(base64Marker, StringComparison.OrdinalIgnoreCase)) return false;
        var mediaType = header[..^base64Marker.Length];
        dataUrl = new DataUrl(mediaType.IsEmpty ? "application/octet-stream" : mediaType.ToString(), url[(comma + 1)..]);
        return true;
    }
}
