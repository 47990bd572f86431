namespace ExtProcRouter.Routing.Availability;

/// <summary>Whether a model may be chosen right now. Must be cheap and lock-free: ranking asks per pool model.</summary>
public interface IModelAvailability
{
    bool IsAvailable(string slug);
}
