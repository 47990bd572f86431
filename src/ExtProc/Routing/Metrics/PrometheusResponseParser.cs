using System.Globalization;
using System.Text.Json;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// Reads an instant-query answer (<c>{"status":"success","data":{"resultType":"vector","result":[{"metric":
/// {"model_name":"..."},"value":[ts,"0.42"]}]}}</c>) into seconds per <c>model_name</c>. NaN and infinite values
/// (an empty histogram) are skipped; anything but success throws so the last good snapshot stays.
/// </summary>
public static class PrometheusResponseParser
{
    public const string ModelLabel = "model_name";

    public static Dictionary<string, double> Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "success")
            throw new JsonException("Prometheus answered without status success");
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            throw new JsonException("Prometheus answer has no data.result array");
        if (data.TryGetProperty("resultType", out var type) && type.GetString() != "vector")
            throw new JsonException($"Prometheus answered a {type.GetString()}, not an instant vector");

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in result.EnumerateArray())
        {
            if (!series.TryGetProperty("metric", out var metric) || !metric.TryGetProperty(ModelLabel, out var label)
                || label.GetString() is not { Length: > 0 } model) continue;
            if (!series.TryGetProperty("value", out var pair) || pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2) continue;
            var text = pair[1].ValueKind == JsonValueKind.String ? pair[1].GetString() : pair[1].GetRawText();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 0)
                values[model] = seconds;
        }
        return values;
    }
}
