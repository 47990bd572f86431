using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Routing.Routers;

/// <summary>Finds the classifier named by <c>intent_model.classifier</c>.</summary>
public interface IIntentClassifierProvider
{
    IIntentClassifier Get(string name);
}
