using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Evaluation;

/// <summary>Creates a classifier by name for the eval command (e.g. "keyword"; the ONNX and remote ones are added by the host).</summary>
public delegate ValueTask<IIntentClassifier> ClassifierFactory(CancellationToken cancellationToken);
