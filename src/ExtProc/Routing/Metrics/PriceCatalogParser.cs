using System.Globalization;
using System.Text.Json;
using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// Reads model prices (USD per million tokens) from a catalog document. Entries without both prices are skipped;
/// a document of the wrong shape throws <see cref="JsonException"/> so the source keeps its last good snapshot.
/// </summary>
public static class PriceCatalogParser
{
    // The DigitalOcean catalog has changed field names over time; accept the spellings seen in its API and docs.
    private static readonly string[] IdFields = ["id", "inference_name", "model_id", "name"];
    private static readonly string[] InputFields = ["input_price_per_million", "input_per_million", "input_price", "input", "prompt"];
    private static readonly string[] OutputFields = ["output_price_per_million", "output_per_million", "output_price", "output", "completion"];

    /// <summary>Catalog name -> price. models.dev entries appear both as <c>model</c> and <c>provider/model</c>.</summary>
    public static Dictionary<string, ModelPrice> Parse(ReadOnlySpan<byte> json, PriceCatalogFormat format)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return format == PriceCatalogFormat.ModelsDev ? ParseModelsDev(document.RootElement) : ParseDigitalOcean(document.RootElement);
    }

    private static Dictionary<string, ModelPrice> ParseModelsDev(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("models.dev catalog: the root is not an object of providers");
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var provider in root.EnumerateObject())
        {
            if (provider.Value.ValueKind != JsonValueKind.Object
                || !provider.Value.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object) continue;
            foreach (var model in models.EnumerateObject())
            {
                if (model.Value.ValueKind != JsonValueKind.Object || !model.Value.TryGetProperty("cost", out var cost)) continue;
                if (!TryReadPrice(cost, ["input"], ["output"], out var price)) continue;
                prices.TryAdd(model.Name, price);
                prices[provider.Name + "/" + model.Name] = price;
            }
        }
        return prices;
    }

    private static Dictionary<string, ModelPrice> ParseDigitalOcean(JsonElement root)
    {
        var list = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array => models,
            JsonValueKind.Object when root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array => data,
            _ => throw new JsonException("DigitalOcean catalog: expected a models (or data) array"),
        };
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object) continue;
            var pricing = entry.TryGetProperty("pricing", out var p) && p.ValueKind == JsonValueKind.Object ? p : entry;
            if (!TryReadPrice(pricing, InputFields, OutputFields, out var price)) continue;
            foreach (var field in IdFields)
            {
                if (entry.TryGetProperty(field, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } name)
                    prices.TryAdd(name, price);
            }
        }
        return prices;
    }

    private static bool TryReadPrice(JsonElement element, string[] inputFields, string[] outputFields, out ModelPrice price)
    {
        price = default;
        if (element.ValueKind != JsonValueKind.Object) return false;
        if (!TryReadNumber(element, inputFields, out var input) || !TryReadNumber(element, outputFields, out var output)) return false;
        if (input < 0 || output < 0) return false;
        price = new ModelPrice(input, output);
        return true;
    }

    private static bool TryReadNumber(JsonElement element, string[] fields, out decimal value)
    {
        foreach (var field in fields)
        {
            if (!element.TryGetProperty(field, out var property)) continue;
            if (property.ValueKind == JsonValueKind.Number && property.TryGetDecimal(out value)) return true;
            // Some catalogs quote their prices.
            if (property.ValueKind == JsonValueKind.String
                && decimal.TryParse(property.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        }
        value = 0;
        return false;
    }
}
