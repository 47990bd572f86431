using System.Text.Json.Serialization;

namespace ExtProcRouter.WebConsole;

/// <summary>Source-generated JSON for the console API, snake_case like the control-plane API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AnalyticsReport))]
[JsonSerializable(typeof(RouteExplanation))]
[JsonSerializable(typeof(ConsoleCatalog))]
[JsonSerializable(typeof(PlaygroundReply))]
internal sealed partial class WebConsoleJsonContext : JsonSerializerContext;
