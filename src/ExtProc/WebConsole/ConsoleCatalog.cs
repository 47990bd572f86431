namespace ExtProcRouter.WebConsole;

/// <summary>The answer of <c>GET /api/console/catalog</c>: the routers and models in force now.</summary>
/// <param name="CanSend">Whether the Playground can send a conversation upstream (a front door is configured).</param>
public sealed record ConsoleCatalog(IReadOnlyList<ConsoleRouter> Routers, IReadOnlyList<ConsoleModel> Models, bool CanSend);
