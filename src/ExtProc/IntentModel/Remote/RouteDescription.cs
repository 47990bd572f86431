namespace ExtProcRouter.IntentModel.Remote;

/// <summary>A route offered to the routing model: the name it must answer with and the user's description.</summary>
public sealed record RouteDescription(string Name, string Description);
