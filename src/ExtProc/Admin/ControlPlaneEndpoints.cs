using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;
using ExtProcRouter.Security;
using ExtProcRouter.WellKnown;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Admin;

/// <summary>
/// <c>/v2/gen-ai/models/routers[/{uuid}]</c> on the admin port: POST creates, GET lists or reads, PUT/PATCH
/// replaces, DELETE removes; POST and PUT with <c>?dry_run=true</c> only validate. Every call needs the admin token;
/// without one configured every call is 401.
/// </summary>
public static class ControlPlaneEndpoints
{
    public const string RoutersPath = "/v2/gen-ai/models/routers";
    public const string DryRunParameter = "dry_run";
    private const string JsonContentType = "application/json";
    private static readonly byte[] ValidResponse = """{"valid":true}"""u8.ToArray();

    /// <summary>Registers the store (SQLite file at <paramref name="databasePath"/>) and the admin token.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, string databasePath, string? adminToken)
    {
        services.AddSingleton(new SqliteRouterStore(databasePath));
        services.AddKeyedSingleton(ServiceKeys.AdminToken, new SecretHashSet(adminToken is null ? [] : [adminToken]));
        // Live routers when routing is registered (its monitor swaps configurations); otherwise nothing consumes them.
        services.TryAddSingleton<IRouterSetPublisher>(sp => sp.GetService<RouterConfigMonitor>() is { } monitor
            ? new ApiRoutersPublisher(monitor, sp.GetRequiredService<ILogger<ApiRoutersPublisher>>())
            : new NullRouterSetPublisher());
        services.AddSingleton<ControlPlane>();
        services.AddHostedService<ControlPlaneStartup>();
        return services;
    }

    /// <summary>
    /// Enables the control plane when <see cref="EnvironmentVariableNames.AdminToken"/> is set (without a token it
    /// could only ever answer 401); the database is <see cref="EnvironmentVariableNames.ControlPlaneDatabase"/>
    /// or <see cref="DefaultDatabasePath"/>. Returns whether it was enabled.
    /// </summary>
    public static bool TryAddControlPlaneFromEnvironment(this IServiceCollection services)
    {
        var token = Environment.GetEnvironmentVariable(EnvironmentVariableNames.AdminToken);
        if (string.IsNullOrWhiteSpace(token)) return false;
        var path = Environment.GetEnvironmentVariable(EnvironmentVariableNames.ControlPlaneDatabase);
        services.AddControlPlane(string.IsNullOrWhiteSpace(path) ? DefaultDatabasePath : path, token);
        return true;
    }

    public const string DefaultDatabasePath = "extproc-routers.db";

    public static RouteGroupBuilder MapControlPlane(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(RoutersPath);
        group.RequireAdminToken();

        group.MapPost("", async (HttpContext http, ControlPlane plane) =>
        {
            if (await ReadDefinitionAsync(http).ConfigureAwait(false) is not { } definition) return;
            if (IsDryRun(http))
            {
                await WriteValidationAsync(http, await plane.CheckAsync(definition, null, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }
            await WriteAsync(http, await plane.CreateAsync(definition, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });
        group.MapGet("", async (HttpContext http, ControlPlane plane) =>
        {
            var routers = await plane.ListAsync(http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = JsonContentType;
            await JsonSerializer.SerializeAsync(http.Response.Body, new ModelRouterListResponse(routers),
                AdminJsonContext.Default.ModelRouterListResponse, http.RequestAborted).ConfigureAwait(false);
        });
        group.MapGet("/{uuid}", async (string uuid, HttpContext http, ControlPlane plane) =>
            await WriteAsync(http, await plane.GetAsync(uuid, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));
        group.MapMethods("/{uuid}", [HttpMethods.Put, HttpMethods.Patch], async (string uuid, HttpContext http, ControlPlane plane) =>
        {
            if (await ReadDefinitionAsync(http).ConfigureAwait(false) is not { } definition) return;
            if (IsDryRun(http))
            {
                await WriteValidationAsync(http, await plane.CheckAsync(definition, uuid, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            }
            await WriteAsync(http, await plane.UpdateAsync(uuid, definition, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });
        group.MapDelete("/{uuid}", async (string uuid, HttpContext http, ControlPlane plane) =>
            await WriteAsync(http, await plane.DeleteAsync(uuid, http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));
        return group;
    }

    private static async Task<ModelRouterRequest?> ReadDefinitionAsync(HttpContext http)
    {
        try
        {
            var definition = await JsonSerializer.DeserializeAsync(http.Request.Body, AdminJsonContext.Default.ModelRouterRequest,
                http.RequestAborted).ConfigureAwait(false);
            if (definition is not null) return definition;
            await WriteErrorAsync(http, ControlPlaneErrors.MalformedJson("expected a JSON object")).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            await WriteErrorAsync(http, ControlPlaneErrors.MalformedJson($"line {exception.LineNumber}, byte {exception.BytePositionInLine}"))
                .ConfigureAwait(false);
        }
        return null;
    }

    /// <summary><c>?dry_run=true</c>: validate the definition as the write would, and write nothing.</summary>
    private static bool IsDryRun(HttpContext http) =>
        string.Equals(http.Request.Query[DryRunParameter], "true", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteValidationAsync(HttpContext http, OpenAIError? error)
    {
        if (error is not null)
        {
            await WriteErrorAsync(http, error).ConfigureAwait(false);
            return;
        }
        http.Response.ContentType = JsonContentType;
        await http.Response.Body.WriteAsync(ValidResponse, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, ControlPlaneResult result)
    {
        if (result.Error is { } error)
        {
            await WriteErrorAsync(http, error).ConfigureAwait(false);
            return;
        }
        http.Response.ContentType = JsonContentType;
        await JsonSerializer.SerializeAsync(http.Response.Body, new ModelRouterResponse(result.Router!),
            AdminJsonContext.Default.ModelRouterResponse, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext http, OpenAIError error)
    {
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = JsonContentType;
        await http.Response.Body.WriteAsync(OpenAIErrorSerializer.ToUtf8Json(error), http.RequestAborted).ConfigureAwait(false);
    }
}
