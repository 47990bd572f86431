using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// A minimal Redis (RESP2) client: one connection, one command at a time, reconnecting after a failure.
/// StackExchange.Redis does not restore from this project's package mirror (its dependencies are missing), and
/// the affinity store needs only EVAL, so a few dozen lines of protocol are cheaper than a dependency.
/// </summary>
public sealed class RespConnection(EndPoint endPoint) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Socket? _socket;
    private BufferedStream? _stream;

    /// <summary><c>host:port</c>, or <c>unix:/path/to/socket</c>.</summary>
    public static RespConnection Parse(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal)) return new RespConnection(new UnixDomainSocketEndPoint(address[5..]));
        var colon = address.LastIndexOf(':');
        var host = colon < 0 ? address : address[..colon];
        var port = colon < 0 ? 6379 : int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture);
        return new RespConnection(IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port));
    }

    /// <summary>Sends one command; returns null for a nil reply, a string, a long, or an object?[] for arrays.</summary>
    /// <exception cref="RespException">Redis answered with an error.</exception>
    public async Task<object?> ExecuteAsync(string[] command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(Encode(command), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                return await ReadReplyAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not RespException)
            {
                // A half-read reply would desynchronise every later command: start over on a new connection.
                Disconnect();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<BufferedStream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null) return _stream;
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _stream = new BufferedStream(new NetworkStream(socket, ownsSocket: true), 8192);
        return _stream;
    }

    private void Disconnect()
    {
        _stream?.Dispose();
        _socket?.Dispose();
        _stream = null;
        _socket = null;
    }

    private static byte[] Encode(string[] command)
    {
        var text = new StringBuilder();
        text.Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
            text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<object?> ReadReplyAsync(BufferedStream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (line.Length == 0) throw new IOException("Empty reply line from Redis.");
        var rest = line[1..];
        switch (line[0])
        {
            case '+': return rest;
            case '-': throw new RespException(rest);
            case ':': return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0) return null;
                var buffer = new byte[length + 2];
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadReplyAsync(stream, cancellationToken).ConfigureAwait(false);
                return items;
            }
            default: throw new IOException($"Unexpected Redis reply type '{line[0]}'.");
        }
    }

    private static async Task<string> ReadLineAsync(BufferedStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(32);
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, cancellationToken).ConfigureAwait(false);
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                bytes.RemoveAt(bytes.Count - 1);
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
            bytes.Add(one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        Disconnect();
        _gate.Release();
        _gate.Dispose();
    }
}

/// <summary>An error reply from Redis (e.g. a script error); the connection itself is still usable.</summary>
public sealed class RespException(string message) : Exception(message);
