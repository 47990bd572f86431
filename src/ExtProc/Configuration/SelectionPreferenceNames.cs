namespace ExtProcRouter.Configuration;

/// <summary>The <c>selection_policy.prefer</c> values as written in YAML and the control-plane API.</summary>
public static class SelectionPreferenceNames
{
    public const string Cheapest = "cheapest";
    public const string Fastest = "fastest";
    public const string Optimal = "optimal";

    public static bool TryParse(string? text, out SelectionPreference preference)
    {
        preference = text switch
        {
            null => SelectionPreference.Manual,
            Cheapest => SelectionPreference.Cheapest,
            Fastest => SelectionPreference.Fastest,
            Optimal => SelectionPreference.Optimal,
            _ => (SelectionPreference)(-1),
        };
        return Enum.IsDefined(preference);
    }

    /// <summary>The YAML spelling, or null for manual ranking (no <c>selection_policy</c>).</summary>
    public static string? ToText(SelectionPreference preference) => preference switch
    {
        SelectionPreference.Cheapest => Cheapest,
        SelectionPreference.Fastest => Fastest,
        SelectionPreference.Optimal => Optimal,
        _ => null,
    };
}
