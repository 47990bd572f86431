using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;

namespace ExtProcRouter.Admin;

/// <summary>The outcome of a control-plane call: a router, or the error to answer with.</summary>
public readonly record struct ControlPlaneResult(StoredRouter? Router, OpenAIError? Error);

/// <summary>
/// Router CRUD: validates against the running config, persists, and republishes the whole router set after
/// every change so the routing module picks it up without a restart.
/// </summary>
public sealed class ControlPlane(SqliteRouterStore store, IRouterConfigSource configSource, IRouterSetPublisher publisher, TimeProvider timeProvider)
{
    /// <summary>Hands the persisted routers to the routing module (at startup, before traffic).</summary>
    public async Task PublishAsync(CancellationToken cancellationToken) =>
        publisher.Publish(await store.ListAsync(cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<StoredRouter>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<ControlPlaneResult> GetAsync(string uuid, CancellationToken cancellationToken) =>
        await store.GetAsync(uuid, cancellationToken).ConfigureAwait(false) is { } router
            ? new ControlPlaneResult(router, null)
            : new ControlPlaneResult(null, ControlPlaneErrors.NotFound(uuid));

    public async Task<ControlPlaneResult> CreateAsync(ModelRouterRequest definition, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(definition, null, cancellationToken).ConfigureAwait(false) is { } invalid) return new ControlPlaneResult(null, invalid);
        var now = timeProvider.GetUtcNow();
        var router = ToStored(Guid.NewGuid().ToString(), definition, now, now);
        var result = await store.CreateAsync(router, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(result, router, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ControlPlaneResult> UpdateAsync(string uuid, ModelRouterRequest definition, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(uuid, cancellationToken).ConfigureAwait(false);
        if (existing is null) return new ControlPlaneResult(null, ControlPlaneErrors.NotFound(uuid));
        if (await ValidateAsync(definition, uuid, cancellationToken).ConfigureAwait(false) is { } invalid) return new ControlPlaneResult(null, invalid);
        var router = ToStored(uuid, definition, existing.CreatedAt, timeProvider.GetUtcNow());
        var result = await store.UpdateAsync(router, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(result, router, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ControlPlaneResult> DeleteAsync(string uuid, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(uuid, cancellationToken).ConfigureAwait(false);
        if (existing is null || !await store.DeleteAsync(uuid, cancellationToken).ConfigureAwait(false))
            return new ControlPlaneResult(null, ControlPlaneErrors.NotFound(uuid));
        await PublishAsync(cancellationToken).ConfigureAwait(false);
        return new ControlPlaneResult(existing, null);
    }

    /// <summary>
    /// The error a create (<paramref name="uuid"/> null) or an update of <paramref name="uuid"/> would answer before
    /// writing, or null when the definition would be accepted. Writes nothing (the console's Validate button).
    /// </summary>
    public async Task<OpenAIError?> CheckAsync(ModelRouterRequest definition, string? uuid, CancellationToken cancellationToken)
    {
        if (uuid is not null && await store.GetAsync(uuid, cancellationToken).ConfigureAwait(false) is null) return ControlPlaneErrors.NotFound(uuid);
        var invalid = await ValidateAsync(definition, uuid, cancellationToken).ConfigureAwait(false);
        if (invalid is not null || definition.Name is not { } name) return invalid;
        // The store's UNIQUE name is only checked on write; a dry run asks it directly.
        var taken = (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Any(r => r.Name == name && r.Uuid != uuid);
        return taken ? ControlPlaneErrors.NameExists(name) : null;
    }

    private async Task<OpenAIError?> ValidateAsync(ModelRouterRequest definition, string? uuid, CancellationToken cancellationToken)
    {
        var config = configSource.Current;
        var errors = new List<string>(ModelRouterRequestValidator.Validate(definition, config));
        if (definition.Name is { Length: > 0 } name && config.TryFindRouter(name, out _))
        {
            // The running config holds file routers and API routers alike; only a file router's name is off limits here
            // (another API router's name is caught atomically by the store's UNIQUE constraint).
            var apiRouters = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            if (!apiRouters.Any(r => r.Name == name))
                errors.Add($"router '{name}': name is used by a router in the configuration file");
        }
        return errors.Count == 0 ? null : ControlPlaneErrors.Invalid(errors);
    }

    private async Task<ControlPlaneResult> FinishAsync(RouterWriteResult result, StoredRouter router, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case RouterWriteResult.NameTaken: return new ControlPlaneResult(null, ControlPlaneErrors.NameExists(router.Name));
            case RouterWriteResult.NotFound: return new ControlPlaneResult(null, ControlPlaneErrors.NotFound(router.Uuid));
            default:
                await PublishAsync(cancellationToken).ConfigureAwait(false);
                return new ControlPlaneResult(router, null);
        }
    }

    private static StoredRouter ToStored(string uuid, ModelRouterRequest definition, DateTimeOffset created, DateTimeOffset updated) =>
        new(uuid, definition.Name!, definition.Description, new RouterConfigBody(definition.Policies ?? [], definition.FallbackModels ?? []),
            created, updated);
}
