namespace ExtProcRouter.Configuration;

/// <summary>Prices fetched over HTTP on an interval.</summary>
public sealed record PriceCatalogSourceConfig(Uri Url, PriceCatalogFormat Format, TimeSpan RefreshInterval)
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(10);
}
