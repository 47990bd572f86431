using System.Diagnostics;

namespace ExtProcRouter.Tests.Support;

/// <summary>
/// Runs a node script that plays a real peer (a browser driver, a grpc-js client) and hands back what it printed,
/// so the test can assert on its report. Needs node and `make setup` for the scripts' npm packages.
/// </summary>
internal static class NodeScript
{
    /// <param name="folder">The script's folder, also its working directory (where its node_modules are).</param>
    /// <param name="timeout">After this the script and its children are killed; a hung browser must not hang the run.</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string folder, string script,
        IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        // Both pipes are drained at once: a script that fills one while we wait on the other would never exit.
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await node.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}: {await stderr}");
        }
        return (node.ExitCode, await stdout, await stderr);
    }
}
