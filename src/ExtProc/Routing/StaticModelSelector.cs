using ExtProcRouter.Configuration;
using ExtProcRouter.Errors;

namespace ExtProcRouter.Routing;

/// <summary>
/// Routes a request to the model it names, by slug or alias. <c>router:&lt;name&gt;</c> requests go to the
/// router selector when one is given; without one every router name is unknown (404).
/// </summary>
public sealed class StaticModelSelector(RouterConfig config, IModelSelector? routerSelector = null) : IModelSelector
{
    public ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken)
    {
        var requested = request.RequestedModel;
        if (requested.StartsWith(RouterConfigValidator.RouterPrefix, StringComparison.Ordinal))
        {
            return routerSelector is not null
                ? routerSelector.SelectAsync(request, cancellationToken)
                : throw new RequestRejectedException(OpenAIErrors.RouterNotFound(requested[RouterConfigValidator.RouterPrefix.Length..]));
        }
        return config.TryFindModel(requested, out var model)
            ? ValueTask.FromResult(new ModelSelection(model))
            : throw new RequestRejectedException(OpenAIErrors.ModelNotFound(requested));
    }
}
