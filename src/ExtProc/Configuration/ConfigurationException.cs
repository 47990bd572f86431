namespace ExtProcRouter.Configuration;

/// <summary>The configuration cannot be used; <see cref="Errors"/> lists every problem, each naming what it is about.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid router configuration:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
