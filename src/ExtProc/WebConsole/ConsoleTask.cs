namespace ExtProcRouter.WebConsole;

/// <summary>One task of a router as the console shows it.</summary>
/// <param name="Prefer">The selection policy: cheapest, fastest, optimal or manual.</param>
public sealed record ConsoleTask(string Name, string Description, IReadOnlyList<string> Models, string Prefer);
