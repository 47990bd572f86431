using System.Globalization;
using System.Text.Json;
using ExtProcRouter.Tests.Support;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>
/// A real gRPC implementation (@grpc/grpc-js, tests/interop/envoy-peer.js) plays Envoy's side against the real
/// server, over TCP and over a Unix socket. Needs node and `make setup` (which installs the npm peers).
/// </summary>
public sealed class InteropTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task GrpcJsPeer_PassesEveryScenario_OverTcp()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartTcpAsync(processor);
        await RunPeerAndAssertAsync($"127.0.0.1:{server.Port}", processor);
    }

    [Fact]
    public async Task GrpcJsPeer_PassesEveryScenario_OverUnixSocket()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartUnixSocketAsync(processor);
        await RunPeerAndAssertAsync(server.Target, processor);
    }

    private static async Task RunPeerAndAssertAsync(string target, ScriptedExternalProcessor processor)
    {
        var (exitCode, stdout, stderr) = await RunNodeAsync(target);
        Assert.True(stdout.Length > 0, $"the peer printed nothing (exit {exitCode}): {stderr}");

        using var result = JsonDocument.Parse(stdout);
        var failures = result.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => !s.GetProperty("ok").GetBoolean())
            .Select(s => $"{s.GetProperty("name").GetString()}: {s.GetProperty("detail")}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(result.RootElement.GetProperty("scenarios").GetArrayLength() >= 10, stdout);
        Assert.Equal(0, exitCode);

        // The peer cannot see the server's handler; the scripted processor can.
        var cancelled = result.RootElement.GetProperty("cancelledCallIds").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(cancelled);
        foreach (string callId in cancelled)
        {
            string outcome = await processor.OutcomeOf(callId).WaitAsync(ScriptTimeout);
            Assert.True(outcome == "cancelled", $"{callId}: {outcome}");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string target)
    {
        string root = RepositoryPaths.Root;
        string interop = Path.Combine(root, "tests", "interop");
        Assert.True(Directory.Exists(Path.Combine(interop, "node_modules", "@grpc", "grpc-js")),
            "tests/interop/node_modules is missing: run `make setup` (scripts/setup.sh)");

        var (exitCode, stdout, stderr) = await NodeScript.RunAsync(interop, "envoy-peer.js",
            [target, GrpcTestServer.MaxReceiveMessageBytes.ToString(CultureInfo.InvariantCulture), Path.Combine(root, ".deps", "protos")],
            ScriptTimeout);
        return (exitCode, stdout.Trim(), stderr);
    }
}
