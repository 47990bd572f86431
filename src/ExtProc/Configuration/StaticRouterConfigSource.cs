namespace ExtProcRouter.Configuration;

/// <summary>A configuration that never changes (tests, one-shot commands).</summary>
public sealed class StaticRouterConfigSource(RouterConfig config) : IRouterConfigSource
{
    public RouterConfig Current => config;
}
