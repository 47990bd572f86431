using System.Collections.Concurrent;
using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Routers;

/// <summary>
/// Resolves classifiers registered as keyed singletons (<c>AddKeyedSingleton&lt;IIntentClassifier&gt;("onnx", ...)</c>).
/// A name nobody registered (e.g. <c>onnx</c> in a build without the model) falls back to the keyword classifier,
/// with one error in the log, rather than failing every request.
/// </summary>
public sealed class KeyedIntentClassifierProvider(IServiceProvider services, ILogger<KeyedIntentClassifierProvider> logger)
    : IIntentClassifierProvider
{
    private readonly ConcurrentDictionary<string, IIntentClassifier> _resolved = new(StringComparer.Ordinal);

    public IIntentClassifier Get(string name) => _resolved.TryGetValue(name, out var classifier) ? classifier : Resolve(name);

    private IIntentClassifier Resolve(string name)
    {
        IIntentClassifier? classifier;
        try
        {
            classifier = services.GetKeyedService<IIntentClassifier>(name);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A model that fails to load (missing files, no ONNX Runtime) would otherwise be retried on every request.
            logger.LogError(exception, "intent_model.classifier '{Name}' failed to load; using '{Fallback}'", name, IntentModelConfig.Keyword);
            return _resolved.GetOrAdd(name, services.GetRequiredKeyedService<IIntentClassifier>(IntentModelConfig.Keyword));
        }
        if (classifier is null)
        {
            logger.LogError("intent_model.classifier '{Name}' is not available in this build; using '{Fallback}'", name, IntentModelConfig.Keyword);
            classifier = services.GetRequiredKeyedService<IIntentClassifier>(IntentModelConfig.Keyword);
        }
        return _resolved.GetOrAdd(name, classifier);
    }
}
