using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ExtProcRouter.Metrics;

/// <summary>
/// Marks connections accepted on the admin listener, so admin endpoints can refuse requests that arrived on any
/// other listener. Unlike matching the Host header (which the client writes), the mark depends only on which
/// socket accepted the connection, and it works with port 0.
/// </summary>
public static class AdminConnection
{
    private static readonly object MarkKey = new();

    /// <summary>Marks every connection this listener accepts as an admin connection.</summary>
    public static ListenOptions MarkAsAdmin(this ListenOptions listen)
    {
        listen.Use(next => connection =>
        {
            connection.Items[MarkKey] = MarkKey;
            return next(connection);
        });
        return listen;
    }

    public static bool IsAdmin(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(MarkKey) == true;

    /// <summary>Answers 404 (as if the endpoint did not exist) unless the request came in on the admin listener.</summary>
    public static TBuilder RequireAdminConnection<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            IsAdmin(context.HttpContext) ? await next(context).ConfigureAwait(false) : Results.NotFound());
}
