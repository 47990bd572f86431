namespace ExtProcRouter.WellKnown;

/// <summary>Route names with a meaning of their own.</summary>
public static class RouteNames
{
    /// <summary>The selected route of a <c>router:</c> request whose conversation matched no task.</summary>
    public const string Fallback = "fallback";
}
