namespace ExtProcRouter.Admin;

/// <summary>
/// Receives the full set of API-created routers after startup and after every change, so the routing module
/// swaps them in without a restart. The routers module implements it; until then nothing consumes them.
/// </summary>
public interface IRouterSetPublisher
{
    void Publish(IReadOnlyList<StoredRouter> routers);
}

public sealed class NullRouterSetPublisher : IRouterSetPublisher
{
    public void Publish(IReadOnlyList<StoredRouter> routers) { }
}
