using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// Keeps an agent session on one model so its provider-side prompt cache stays warm: the first
/// <c>router:</c> request of a session routes normally and pins the result; later ones skip classification.
/// A store failure never fails the request: it is routed as if it had no session.
/// </summary>
public sealed class SessionAffinity(IAffinityStore store, IRouterConfigSource configSource, IModelAvailability availability, ILogger<SessionAffinity> logger)
{
    public async ValueTask<AffinitySelection> SelectAsync(IModelSelector selector, ModelSelectionRequest request, string? sessionId,
        CancellationToken cancellationToken)
    {
        var requested = request.RequestedModel;
        if (string.IsNullOrEmpty(sessionId) || !requested.StartsWith(RouterConfigValidator.RouterPrefix, StringComparison.Ordinal))
            return new AffinitySelection(await selector.SelectAsync(request, cancellationToken).ConfigureAwait(false), null);

        var key = new AffinityKey(requested[RouterConfigValidator.RouterPrefix.Length..], sessionId);
        var pin = await TryGetAsync(key, cancellationToken).ConfigureAwait(false);
        // The config may have been reloaded since the pin was made: a model that is gone is as good as unavailable.
        if (pin is not null && configSource.Current.TryFindModel(pin.Slug, out var pinned) && availability.IsAvailable(pinned.Slug))
            return new AffinitySelection(new ModelSelection(pinned, pin.Route), AffinityOutcome.Hit);

        var selection = await selector.SelectAsync(request, cancellationToken).ConfigureAwait(false);
        await TryPinAsync(key, new PinnedModel(selection.Model.Slug, selection.SelectedRoute), cancellationToken).ConfigureAwait(false);
        return new AffinitySelection(selection, pin is null ? AffinityOutcome.Miss : AffinityOutcome.Switch);
    }

    private async ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await store.TryGetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Reading the session pin failed; routing without it");
            return null;
        }
    }

    private async ValueTask TryPinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken)
    {
        try
        {
            await store.PinAsync(key, pin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Pinning the session failed; it will be routed again next time");
        }
    }
}
