namespace ExtProcRouter.Comparison;

/// <summary>What a comparison run sends: the router's name, the one model to compare against, and how.</summary>
/// <param name="Concurrency">Cases in flight at once; each case sends its two requests one after the other.</param>
public sealed record ComparisonSettings(string Router, string Baseline, int Concurrency = 1, bool Stream = false)
{
    public string RouterModel => Configuration.RouterConfigValidator.RouterPrefix + Router;
}
