namespace ExtProcRouter.Configuration;

/// <summary>JSON shapes a price catalog may have.</summary>
public enum PriceCatalogFormat
{
    /// <summary>DigitalOcean's model catalog: <c>{"models": [{"id"/"name", "pricing": {"input_price_per_million", "output_price_per_million"}}]}</c> (tolerant of close variants).</summary>
    DigitalOcean,
    /// <summary>models.dev's <c>api.json</c>: <c>{provider: {"models": {id: {"cost": {"input", "output"}}}}}</c>, USD per 1M tokens.</summary>
    ModelsDev,
}
