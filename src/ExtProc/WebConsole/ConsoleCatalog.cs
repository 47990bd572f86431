namespace ExtProcRouter.WebConsole;

/// <summary>The answer of <c>GET /api/console/catalog</c>: the routers and models in force now.</summary>
public sealed record ConsoleCatalog(IReadOnlyList<ConsoleRouter> Routers, IReadOnlyList<ConsoleModel> Models);
