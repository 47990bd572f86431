using ExtProcRouter.Configuration;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>Whether a model can take requests now (not cooling down after upstream failures).</summary>
public interface IModelAvailability
{
    bool IsAvailable(ModelConfig model);
}

/// <summary>Used until cooldown tracking is wired: every configured model is available.</summary>
public sealed class AlwaysAvailable : IModelAvailability
{
    public static AlwaysAvailable Instance { get; } = new();

    public bool IsAvailable(ModelConfig model) => true;
}
