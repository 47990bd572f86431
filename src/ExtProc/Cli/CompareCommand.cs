using System.CommandLine;
using ExtProcRouter.Comparison;
using ExtProcRouter.Configuration;
using ExtProcRouter.Cost;
using ExtProcRouter.Evaluation;
using ExtProcRouter.WellKnown;
using Spectre.Console;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router compare --data FILE.jsonl --router NAME --baseline MODEL [--url URL] [--judge MODEL] [--limit N]
/// [--concurrency N] [--stream] [--prices router.yaml] [--out-md FILE] [--out-csv FILE]</c>: sends every conversation
/// of a routing data file through <c>router:NAME</c> and to one fixed model via the front door, and reports both
/// side by side. The access key comes from <see cref="EnvironmentVariableNames.ClientAccessKey"/>, never from the
/// command line (where it would land in shell history and process listings).
/// </summary>
public static class CompareCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";
    public const int DefaultConcurrency = 4;
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>The conventional exit code of a process stopped by Ctrl-C (128 + SIGINT).</summary>
    public const int InterruptedExitCode = 130;

    /// <param name="handler">The HTTP stack, for tests; null uses sockets.</param>
    /// <param name="accessKey">Reads the access key; null reads the environment.</param>
    public static Command Create(TextWriter? output = null, TextWriter? errors = null, HttpMessageHandler? handler = null,
        Func<string?>? accessKey = null)
    {
        var data = new Option<string[]>("--data", "-d")
        {
            Description = "Routing data (DESIGN §5): JSONL files or folders; each case's messages are sent, its routes ignored.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var router = new Option<string>("--router") { Description = "The router to compare: requests are sent as router:NAME.", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "The one model every request is also sent to.", Required = true };
        var url = new Option<string>("--url")
        {
            Description = "The front door (extproc-router gateway, or Envoy).",
            DefaultValueFactory = _ => DefaultUrl,
        };
        var judge = new Option<string?>("--judge") { Description = "Also ask this model (through the same front door) to score each pair 1-10." };
        var limit = new Option<int?>("--limit") { Description = "Send only the first N cases." };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Cases in flight at once.",
            DefaultValueFactory = _ => DefaultConcurrency,
        };
        var stream = new Option<bool>("--stream") { Description = "Ask for streamed answers, which measures time to first token." };
        var prices = new Option<FileInfo?>("--prices")
        {
            Description = "Router YAML whose model prices cost the answers that carry no cost header (streams).",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for one answer.",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        var outMarkdown = new Option<FileInfo?>("--out-md") { Description = "Also write the markdown report to this file." };
        var outCsv = new Option<FileInfo?>("--out-csv") { Description = "Write the per-request table as CSV to this file." };

        var command = new Command("compare", "Send routing data through a router and to one fixed model, and compare model, latency, tokens, cost (and a judge's scores).")
        {
            data, router, baseline, url, judge, limit, concurrency, stream, prices, timeout, outMarkdown, outCsv,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = output ?? Console.Out;
            var stderr = errors ?? Console.Error;
            List<RoutingCase> cases;
            IReadOnlyDictionary<string, ModelPrice>? priceTable = null;
            var frontDoor = ParseUrl(parse.GetValue(url)!);
            var parallel = parse.GetValue(concurrency);
            var seconds = parse.GetValue(timeout);
            var limitValue = parse.GetValue(limit);
            try
            {
                if (frontDoor is null) throw new ArgumentException($"--url '{parse.GetValue(url)}' is not an absolute http(s) URL");
                if (parallel < 1) throw new ArgumentException("--concurrency must be at least 1");
                if (seconds < 1) throw new ArgumentException("--timeout must be at least 1 second");
                if (limitValue is < 1) throw new ArgumentException("--limit must be at least 1");
                cases = LoadCases(parse.GetValue(data) ?? [], limitValue);
                if (parse.GetValue(prices) is { } priceFile)
                    priceTable = ModelPrice.TableOf(RouterConfigLoader.LoadFile(priceFile.FullName, _ => null));
            }
            catch (Exception exception) when (exception is ArgumentException or RoutingDataException or ConfigurationException
                                                  or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"compare: {exception.Message}").ConfigureAwait(false);
                return 2;
            }

            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.BaseAddress = frontDoor;
            http.Timeout = TimeSpan.FromSeconds(seconds);
            var key = (accessKey ?? (() => Environment.GetEnvironmentVariable(EnvironmentVariableNames.ClientAccessKey)))();
            var client = new FrontDoorClient(http, key, priceTable);
            var settings = new ComparisonSettings(parse.GetValue(router)!, parse.GetValue(baseline)!, parallel, parse.GetValue(stream));
            var pairJudge = parse.GetValue(judge) is { Length: > 0 } judgeModel ? new PairJudge(client, judgeModel) : null;
            var runner = new ComparisonRunner(client, settings, pairJudge);

            // Ctrl-C stops sending and prints what finished; a second Ctrl-C ends the process the usual way.
            using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ConsoleCancelEventHandler onCancel = (_, press) =>
            {
                if (interrupt.IsCancellationRequested) return;
                press.Cancel = true;
                interrupt.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            ComparisonReport report;
            try
            {
                report = await RunWithProgressAsync(runner, cases, settings, stderr, interrupt.Token).ConfigureAwait(false);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            var markdown = ComparisonMarkdown.Render(report);
            // Written even when interrupted: the partial report is the point of pressing Ctrl-C rather than killing the run.
            await stdout.WriteAsync(markdown.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (parse.GetValue(outMarkdown) is { } markdownFile)
                    await File.WriteAllTextAsync(markdownFile.FullName, markdown, CancellationToken.None).ConfigureAwait(false);
                if (parse.GetValue(outCsv) is { } csvFile)
                    await File.WriteAllTextAsync(csvFile.FullName, ComparisonCsv.Render(report), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"compare: {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            return report.Interrupted ? InterruptedExitCode : 0;
        });
        return command;
    }

    private static Uri? ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return null;
        // A base address without the trailing slash would drop its last path segment when the request path is appended.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static List<RoutingCase> LoadCases(IEnumerable<string> paths, int? limit)
    {
        var files = EvalCommand.ExpandDataPaths(paths);
        if (files.Count == 0) throw new ArgumentException("--data names no .jsonl file");
        var cases = new List<RoutingCase>();
        foreach (var file in files)
        {
            if (!file.Exists) throw new IOException($"routing data file '{file.FullName}' does not exist");
            foreach (var routingCase in RoutingCaseLoader.ReadFile(file.FullName))
            {
                if (cases.Count == limit) return cases;
                cases.Add(routingCase);
            }
        }
        return cases;
    }

    private static async Task<ComparisonReport> RunWithProgressAsync(ComparisonRunner runner, List<RoutingCase> cases,
        ComparisonSettings settings, TextWriter stderr, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        ComparisonReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{settings.RouterModel} vs {settings.Baseline}"), maxValue: Math.Max(1, cases.Count));
                report = await runner.RunAsync(cases, new ProgressTaskValue(task), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return report!;
    }

    /// <summary>Sets the bar from the runner's worker threads; the lock keeps a late, smaller count from moving it back.</summary>
    private sealed class ProgressTaskValue(ProgressTask task) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate)
            {
                if (value > task.Value) task.Value = value;
            }
        }
    }
}
