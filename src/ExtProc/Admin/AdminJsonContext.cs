using System.Text.Json.Serialization;

namespace ExtProcRouter.Admin;

/// <summary>Source-generated JSON for the control plane (no reflection; trimming-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ModelRouterRequest))]
[JsonSerializable(typeof(RouterConfigBody))]
[JsonSerializable(typeof(ModelRouterResponse))]
[JsonSerializable(typeof(ModelRouterListResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
