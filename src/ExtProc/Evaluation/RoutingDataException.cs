namespace ExtProcRouter.Evaluation;

/// <summary>A routing data file is malformed; the message names the file and the 1-based line.</summary>
public sealed class RoutingDataException(string source, int line, string problem, Exception? inner = null)
    : Exception($"{source}:{line}: {problem}", inner)
{
    public string DataSource { get; } = source;

    public int Line { get; } = line;
}
