namespace ExtProcRouter.WebConsole;

/// <summary>A router in force, from the configuration file or the control-plane API.</summary>
/// <param name="Source"><c>file</c> or <c>api</c>; only API routers can be edited from the console.</param>
/// <param name="Uuid">The control-plane id of an API router (for edits); null for file routers.</param>
public sealed record ConsoleRouter(
    string Name,
    string? Description,
    string Source,
    string? Uuid,
    string? Preset,
    IReadOnlyList<ConsoleTask> Tasks,
    IReadOnlyList<string> FallbackModels);
