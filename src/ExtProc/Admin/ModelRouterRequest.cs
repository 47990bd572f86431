using System.Text.Json.Serialization;

namespace ExtProcRouter.Admin;

/// <summary>A router as the control-plane API takes it (the seeds' request shape).</summary>
public sealed record ModelRouterRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("policies")] IReadOnlyList<ModelRouterPolicy>? Policies,
    [property: JsonPropertyName("fallback_models")] IReadOnlyList<string>? FallbackModels);

/// <summary>One task, its pool of at most three models, and how the pool is ranked.</summary>
public sealed record ModelRouterPolicy(
    [property: JsonPropertyName("custom_task")] CustomTask? CustomTask,
    [property: JsonPropertyName("models")] IReadOnlyList<string>? Models,
    [property: JsonPropertyName("selection_policy")] SelectionPolicy? SelectionPolicy);

public sealed record CustomTask(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description);

/// <summary>Absent means manual ranking (list order).</summary>
public sealed record SelectionPolicy([property: JsonPropertyName("prefer")] string? Prefer);
