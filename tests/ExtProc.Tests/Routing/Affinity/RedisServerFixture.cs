using System.Diagnostics;
using ExtProcRouter.Routing.Affinity;

namespace ExtProcRouter.Tests.Routing.Affinity;

/// <summary>
/// A real redis-server (installed by scripts/setup.sh) on a Unix socket in a temp dir: no port to collide on,
/// no persistence. Fails loudly when the binary is missing rather than skipping.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("extproc-redis-").FullName;
    private Process? _server;

    public string SocketPath => Path.Combine(_directory, "redis.sock");

    public RespConnection Connect() => RespConnection.Parse("unix:" + SocketPath);

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", "0", "--unixsocket", SocketPath, "--save", "", "--appendonly", "no", "--dir", _directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/setup.sh", exception);
        }
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        // Readiness, not timing: poll until PING answers, giving up after a generous bound.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_server.HasExited) throw new InvalidOperationException($"redis-server exited with {_server.ExitCode}");
            if (File.Exists(SocketPath))
            {
                try
                {
                    await using var connection = Connect();
                    if (await connection.ExecuteAsync(["PING"], giveUp.Token) is "PONG") return;
                }
                catch (IOException) { }
                catch (System.Net.Sockets.SocketException) { }
            }
            await Task.Delay(20, giveUp.Token);
        }
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }
        _server?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
