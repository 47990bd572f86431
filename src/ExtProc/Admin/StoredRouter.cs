using System.Text.Json.Serialization;

namespace ExtProcRouter.Admin;

/// <summary>A router created through the API, as persisted and returned (<c>model_router</c>).</summary>
public sealed record StoredRouter(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("config")] RouterConfigBody Config,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

/// <summary>The routing part of a router: what the routers module turns into a live router.</summary>
public sealed record RouterConfigBody(
    [property: JsonPropertyName("policies")] IReadOnlyList<ModelRouterPolicy> Policies,
    [property: JsonPropertyName("fallback_models")] IReadOnlyList<string> FallbackModels);

public sealed record ModelRouterResponse([property: JsonPropertyName("model_router")] StoredRouter ModelRouter);

public sealed record ModelRouterListResponse([property: JsonPropertyName("model_routers")] IReadOnlyList<StoredRouter> ModelRouters);
