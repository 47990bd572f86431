namespace ExtProcRouter.Configuration;

/// <summary>The <c>metric_sources.price_catalog.format</c> values.</summary>
public static class PriceCatalogFormatNames
{
    public const string DigitalOcean = "digitalocean";
    public const string ModelsDev = "models_dev";

    public static bool TryParse(string? text, out PriceCatalogFormat format)
    {
        switch (text)
        {
            case DigitalOcean: format = PriceCatalogFormat.DigitalOcean; return true;
            case ModelsDev: format = PriceCatalogFormat.ModelsDev; return true;
            default: format = default; return false;
        }
    }
}
