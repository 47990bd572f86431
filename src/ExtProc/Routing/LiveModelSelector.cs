using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;

namespace ExtProcRouter.Routing;

/// <summary>
/// <see cref="StaticModelSelector"/>'s rules on the configuration in force right now, so that models and routers
/// edited on disk take effect without a restart.
/// </summary>
public sealed class LiveModelSelector(IRouterConfigSource config, IModelSelector routerSelector) : IModelSelector
{
    public ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        var requested = request.RequestedModel;
        if (requested.StartsWith(RouterConfigValidator.RouterPrefix, StringComparison.Ordinal))
            return routerSelector.SelectAsync(request, cancellationToken);
        return config.Current.TryFindModel(requested, out var model)
            ? ValueTask.FromResult(new ModelSelection(model))
            : throw new RequestRejectedException(OpenAIErrors.ModelNotFound(requested));
    }
}
