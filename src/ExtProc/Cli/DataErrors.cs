using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Cli;

/// <summary>Turns a missing or malformed data or model file into one line on stderr and exit code 2 instead of a stack trace.</summary>
internal static class DataErrors
{
    public static int Report(string command, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is RoutingDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 2;
        }
    }
}
