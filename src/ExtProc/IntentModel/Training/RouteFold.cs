using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// Two halves of the training cases by the route text they teach (the expected route's "name: description"; an
/// "other" case by its id). An encoder fine-tuned on one half has never been taught the other half's routes, so its
/// embeddings of those cases look like its embeddings of an unseen dev task.
/// </summary>
/// <remarks>
/// Why: the head learns how close a conversation and a route must be to pick the route, and how far from every
/// offered route to say "other". On cases the encoder was fine-tuned on, the right route is closer and the wrong
/// ones are farther than on unseen tasks (follow-ups: earlier turn to the right route 0.575 on train vs 0.526 on dev;
/// to the best route of a negative 0.258 vs 0.321; the base encoder shows no such gap), so a head trained on the
/// serving encoder's own training cases learns thresholds that send unseen follow-ups to "other".
/// </remarks>
public static class RouteFold
{
    public const int Count = 2;

    /// <summary>0 or 1, from the SHA-256 of the key (stable across processes and machines).</summary>
    public static int Of(RoutingCase routingCase)
    {
        var route = routingCase.Routes.FirstOrDefault(r => r.Name == routingCase.Expected);
        var key = route is null ? routingCase.Id : MoeFeatureBuilder.RouteText(route);
        return System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))[0] % Count;
    }
}
