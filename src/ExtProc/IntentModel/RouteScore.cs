namespace ExtProcRouter.IntentModel;

/// <summary>A classifier's score for one offered route; higher means a better fit. Scale depends on the classifier.</summary>
public readonly record struct RouteScore(string Route, double Score);
