using System.Threading.Channels;
using ExtProcRouter.Processing;

namespace ExtProcRouter.DecisionLog;

/// <summary>
/// Writes one <see cref="DecisionLogLine"/> per request to a text stream. Requests only format their line and
/// enqueue it; one background task does the I/O, so a slow disk never delays a request. When the queue is full
/// lines are dropped and counted (<see cref="Dropped"/>) rather than blocking.
/// </summary>
public sealed class DecisionLogWriter : IRequestMetricsSink, IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly bool _ownsOutput;
    private readonly bool _includePrompt;
    private readonly Channel<string> _lines;
    private readonly Task _pump;
    private long _dropped;

    public DecisionLogWriter(TextWriter output, bool includePrompt, int capacity = 10_000, bool ownsOutput = false)
    {
        _output = output;
        _ownsOutput = ownsOutput;
        _includePrompt = includePrompt;
        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Opens the file (or standard output for <c>-</c>) named by <paramref name="options"/>, appending.</summary>
    public static DecisionLogWriter Open(DecisionLogOptions options)
    {
        if (options.Path == "-") return new DecisionLogWriter(Console.Out, options.IncludePromptText, options.Capacity);
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var stream = new FileStream(options.Path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        return new DecisionLogWriter(new StreamWriter(stream) { NewLine = "\n" }, options.IncludePromptText, options.Capacity, ownsOutput: true);
    }

    public RequestCapture Capture => RequestCapture.ConversationHash | (_includePrompt ? RequestCapture.PromptText : RequestCapture.None);

    /// <summary>Lines lost because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(RequestRecord record)
    {
        var line = DecisionLogLine.Format(record, _includePrompt);
        if (!_lines.Writer.TryWrite(line)) Interlocked.Increment(ref _dropped);
    }

    private async Task PumpAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line)) await _output.WriteAsync(line + "\n").ConfigureAwait(false);
            // Flush when the queue runs dry: a burst is written in one go, a quiet log is never stale.
            await _output.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes every queued line, then closes the output if this writer opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        if (_ownsOutput) await _output.DisposeAsync().ConfigureAwait(false);
    }
}
