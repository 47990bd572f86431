namespace ExtProcRouter.Configuration;

/// <summary>The configuration in force right now. Reads are a volatile load: no lock, never a half-applied config.</summary>
public interface IRouterConfigSource
{
    RouterConfig Current { get; }
}
