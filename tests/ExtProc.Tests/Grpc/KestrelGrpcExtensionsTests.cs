using System.Net;
using System.Net.Sockets;
using ExtProcRouter.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ExtProcRouter.Tests.Grpc;

public sealed class KestrelGrpcExtensionsTests : IDisposable
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string existingPath, string newPath);

    private readonly string _folder = Directory.CreateTempSubdirectory("grpc").FullName;

    private string SocketPath => Path.Combine(_folder, "s.sock");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RaisesTheServerWideHttp2Limits()
    {
        var kestrel = new KestrelServerOptions();
        kestrel.ListenGrpc(new GrpcListenOptions
        {
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            MaxStreamsPerConnection = 1500,
            InitialConnectionWindowSize = 4 << 20,
            InitialStreamWindowSize = 3 << 20,
        });

        Assert.Equal(1500, kestrel.Limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(4 << 20, kestrel.Limits.Http2.InitialConnectionWindowSize);
        Assert.Equal(3 << 20, kestrel.Limits.Http2.InitialStreamWindowSize);
    }

    [Fact]
    public void NeedsAtLeastOneEndpoint() =>
        Assert.Throws<ArgumentException>(() => new KestrelServerOptions().ListenGrpc(new GrpcListenOptions()));

    [Fact]
    public void StaleSocketFile_IsRemoved()
    {
        // A socket file nobody listens on, as after a crash. .NET unlinks the files of the sockets it closes, so
        // keep a second name for the inode.
        string boundPath = Path.Combine(_folder, "bound.sock");
        using (var abandoned = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            abandoned.Bind(new UnixDomainSocketEndPoint(boundPath));
            Assert.Equal(0, link(boundPath, SocketPath));
        }
        Assert.True(File.Exists(SocketPath));

        new KestrelServerOptions().ListenGrpc(new GrpcListenOptions { UnixSocketPath = SocketPath });

        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public void SocketOfALiveServer_IsNotTakenOver()
    {
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(SocketPath));
        live.Listen();

        var error = Assert.Throws<IOException>(() =>
            new KestrelServerOptions().ListenGrpc(new GrpcListenOptions { UnixSocketPath = SocketPath }));

        Assert.Contains(SocketPath, error.Message);
        Assert.True(File.Exists(SocketPath));
    }
}
