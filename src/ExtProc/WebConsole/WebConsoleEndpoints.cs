using System.Text.Json;
using ExtProcRouter.Admin;
using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The web console on the admin port: the static page under <see cref="ConsolePath"/> (loads without a token; it holds
/// no data) and its JSON API under <see cref="ApiPath"/>, where every call needs the admin token like the control plane.
/// </summary>
public static class WebConsoleEndpoints
{
    public const string ConsolePath = "/console";
    public const string ApiPath = "/api/console";
    public const string AnalyticsPath = "/analytics";
    public const string CatalogPath = "/catalog";
    public const string RoutePath = "/route";
    public const string SendPath = "/send";
    public const string WindowParameter = "window";
    public const int MaxRouteRequestBytes = 1 << 20;

    private const string JsonContentType = "application/json";
    private const string IndexFile = "index.html";
    // Scripts and styles only from the sidecar itself; no inline script, no framing, no outside connections.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static RouteGroupBuilder MapWebConsole(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/");
        // One endpoint for /console and /console/...: routing ignores a trailing slash, so /console and /console/ match alike.
        group.MapGet(ConsolePath + "/{**path}", (string? path, HttpContext http, ConsoleAssets assets) =>
        {
            // The page's relative links (console.css, js/app.js) resolve against /console/, not /.
            if (string.IsNullOrEmpty(path) && http.Request.Path.Value?.EndsWith('/') != true)
            {
                http.Response.Redirect(ConsolePath + "/");
                return Task.CompletedTask;
            }
            return ServeAssetAsync(http, assets, path);
        });

        var api = group.MapGroup(ApiPath).RequireAdminToken();
        api.MapGet(AnalyticsPath, async (HttpContext http, DecisionRecordRing ring, TimeProvider clock) =>
        {
            string? text = http.Request.Query[WindowParameter];
            if (!AnalyticsWindow.TryParse(text, out var window))
            {
                await WriteErrorAsync(http, ConsoleErrors.InvalidWindow(text)).ConfigureAwait(false);
                return;
            }
            var report = ConsoleAnalytics.Aggregate(ring.Snapshot(), clock.GetUtcNow(), window, ring.Capacity);
            await WriteJsonAsync(http, report, WebConsoleJsonContext.Default.AnalyticsReport).ConfigureAwait(false);
        });
        api.MapGet(CatalogPath, async (HttpContext http, IRouterConfigSource config, IModelMetrics metrics, IModelAvailability availability) =>
        {
            var store = http.RequestServices.GetService<SqliteRouterStore>();
            IReadOnlyList<StoredRouter> apiRouters = store is null ? [] : await store.ListAsync(http.RequestAborted).ConfigureAwait(false);
            var catalog = ConsoleCatalogBuilder.Build(config.Current, apiRouters, metrics, availability);
            await WriteJsonAsync(http, catalog, WebConsoleJsonContext.Default.ConsoleCatalog).ConfigureAwait(false);
        });
        api.MapPost(RoutePath, async (HttpContext http, RouteDryRun dryRun, IRouterConfigSource config) =>
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            if (body is null) return;
            if (!ConsoleRouteRequest.TryParse(body, out var request, out var error))
            {
                await WriteErrorAsync(http, error!).ConfigureAwait(false);
                return;
            }
            if (!config.Current.TryFindRouter(request!.Router, out _))
            {
                await WriteErrorAsync(http, ConsoleErrors.RouterNotFound(request.Router)).ConfigureAwait(false);
                return;
            }
            try
            {
                var explanation = await dryRun.RunAsync(request, http.RequestAborted).ConfigureAwait(false);
                await WriteJsonAsync(http, explanation, WebConsoleJsonContext.Default.RouteExplanation).ConfigureAwait(false);
            }
            catch (RequestRejectedException rejected)
            {
                await WriteErrorAsync(http, rejected.Error).ConfigureAwait(false);
            }
        });
        api.MapPost(SendPath, async (HttpContext http, PlaygroundSender sender, IRouterConfigSource config) =>
        {
            if (sender.FrontDoor is null)
            {
                await WriteErrorAsync(http, ConsoleErrors.FrontDoorNotConfigured()).ConfigureAwait(false);
                return;
            }
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            if (body is null) return;
            if (!ConsoleRouteRequest.TryParse(body, out var request, out var accessKey, out var error))
            {
                await WriteErrorAsync(http, error!).ConfigureAwait(false);
                return;
            }
            if (!config.Current.TryFindRouter(request!.Router, out _))
            {
                await WriteErrorAsync(http, ConsoleErrors.RouterNotFound(request.Router)).ConfigureAwait(false);
                return;
            }
            var reply = await sender.SendAsync(request, accessKey, http.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(http, reply, WebConsoleJsonContext.Default.PlaygroundReply).ConfigureAwait(false);
        });
        return group;
    }

    private static async Task ServeAssetAsync(HttpContext http, ConsoleAssets assets, string? path)
    {
        if (!assets.TryGet(string.IsNullOrEmpty(path) ? IndexFile : path, out var asset))
        {
            await WriteErrorAsync(http, new OpenAIError(404, OpenAIErrorTypes.NotFound, "not_found", "No such console file.")).ConfigureAwait(false);
            return;
        }
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidate every time: a sidecar upgrade must never leave an old page talking to a new API.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers[WellKnown.HeaderNames.ReferrerPolicy] = "no-referrer";
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Content.Length;
        await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The request body, or null after answering 413 when it is over <see cref="MaxRouteRequestBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > MaxRouteRequestBytes)
            {
                await WriteErrorAsync(http, OpenAIErrors.BodyTooLarge(MaxRouteRequestBytes)).ConfigureAwait(false);
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static async Task WriteJsonAsync<T>(HttpContext http, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        http.Response.ContentType = JsonContentType;
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, typeInfo, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext http, OpenAIError error)
    {
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = JsonContentType;
        await http.Response.Body.WriteAsync(OpenAIErrorSerializer.ToUtf8Json(error), http.RequestAborted).ConfigureAwait(false);
    }
}
