namespace ExtProcRouter.Configuration;

/// <summary>How a task's pool is ordered before the first available model is taken.</summary>
public enum SelectionPreference
{
    /// <summary>No <c>selection_policy</c>: the pool's list order.</summary>
    Manual,
    /// <summary>Ascending input + output price per million tokens (live catalog, else the model's configured price).</summary>
    Cheapest,
    /// <summary>Ascending live time to first token.</summary>
    Fastest,
    /// <summary>Preset tasks only: the preset's benchmarked order.</summary>
    Optimal,
}
