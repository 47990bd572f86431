namespace ExtProcRouter.Routing;

/// <summary>
/// Resolves the model a request names to the model that will serve it. The static selector handles concrete
/// names and aliases; routing of <c>router:&lt;name&gt;</c> requests (classifier, ranking, fallback) plugs in here.
/// </summary>
public interface IModelSelector
{
    /// <exception cref="Errors.RequestRejectedException">The name is unknown (404) or cannot be served.</exception>
    ValueTask<ModelSelection> SelectAsync(ModelSelectionRequest request, CancellationToken cancellationToken);
}
