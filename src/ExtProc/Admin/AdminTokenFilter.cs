using ExtProcRouter.Errors;
using ExtProcRouter.Security;

namespace ExtProcRouter.Admin;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;admin token&gt;</c> on every endpoint of a group; answers 401
/// <c>invalid_admin_token</c> otherwise, and always when no admin token is configured.
/// </summary>
public static class AdminTokenFilter
{
    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tokens = http.RequestServices.GetKeyedService<SecretHashSet>(ServiceKeys.AdminToken);
            if (tokens is null || !BearerToken.TryParse(http.Request.Headers.Authorization.ToString(), out var token) || !tokens.Contains(token))
            {
                var error = ControlPlaneErrors.Unauthorized();
                http.Response.StatusCode = error.StatusCode;
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(OpenAIErrorSerializer.ToUtf8Json(error), http.RequestAborted).ConfigureAwait(false);
                return Results.Empty;
            }
            return await next(context).ConfigureAwait(false);
        });
}
