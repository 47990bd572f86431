namespace ExtProcRouter.Configuration;

/// <summary>The sidecar's own time-to-first-token measurements, exponentially weighted per model.</summary>
/// <param name="Smoothing">Weight of the newest sample, in (0, 1].</param>
public sealed record MeasuredTtftConfig(double Smoothing)
{
    public const double DefaultSmoothing = 0.2;
}
