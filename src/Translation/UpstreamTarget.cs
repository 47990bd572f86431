namespace ExtProcRouter.Translation;

/// <summary>Where a translated request goes.</summary>
/// <param name="UpstreamModelId">The model id the provider knows (written into the request).</param>
/// <param name="ServedModelSlug">The router's name for the model, written into every response body and chunk.</param>
/// <param name="BasePath">The provider's path prefix, e.g. <c>/v1</c> or <c>/v1beta</c>.</param>
public sealed record UpstreamTarget(string UpstreamModelId, string ServedModelSlug, string BasePath);
