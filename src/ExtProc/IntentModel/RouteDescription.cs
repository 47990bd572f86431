namespace ExtProcRouter.IntentModel;

/// <summary>One route (task) a router offers: its name and the user's natural-language description of it.</summary>
public sealed record RouteDescription(string Name, string Description);
