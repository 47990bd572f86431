namespace ExtProcRouter.Configuration;

/// <summary>Bounds on what one request may cost the sidecar.</summary>
/// <param name="MaxRequestBodyBytes">Largest request body accepted (after decompression); larger gets 413.</param>
public sealed record LimitsConfig(long MaxRequestBodyBytes)
{
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;
}
