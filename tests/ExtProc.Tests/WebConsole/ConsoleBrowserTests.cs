using System.Net;
using System.Text.Json;
using ExtProcRouter.Tests.Support;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>
/// The console in a real browser: Debian chromium driven by playwright-core (tests/console/console-test.mjs) against
/// the whole stack after real traffic. Needs `make setup` (installs chromium and the npm driver). Screenshots go to
/// console-screenshots/ beside the test assembly.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_page_works_in_headless_chromium()
    {
        var root = RepositoryPaths.Root;
        var scriptFolder = Path.Combine(root, "tests", "console");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `make setup` (scripts/setup.sh installs Debian's chromium)");
        Assert.True(Directory.Exists(Path.Combine(scriptFolder, "node_modules", "playwright-core")),
            "tests/console/node_modules is missing: run `make setup` (scripts/setup.sh)");

        await using var stack = await ConsoleStack.StartAsync();
        // Traffic for Analyze: routed requests for each task and for the fallback, and requests to a concrete model;
        // the first is also the Playground's ground truth.
        string expectedTask, expectedModel;
        using (var routed = await stack.ChatAsync("router:demo", ConsoleStack.CodeReviewPrompt))
        {
            Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
            expectedTask = routed.Headers.GetValues(HeaderNames.SelectedRoute).Single();
            expectedModel = routed.Headers.GetValues(HeaderNames.ServedModel).Single();
        }
        string[] traffic =
        [
            "router:demo|Review this function for style issues: def f(x): return x*2",
            "router:demo|Any syntax errors? for i in range(3) print(i)",
            "router:demo|Design a system to plan the migration of our monolith to services",
            "router:demo|Tell me a joke about penguins",
            "sim-echo|hello",
            "sim-small|summarise this sentence please",
        ];
        foreach (var request in traffic)
        {
            var (model, prompt) = (request[..request.IndexOf('|')], request[(request.IndexOf('|') + 1)..]);
            using var response = await stack.ChatAsync(model, prompt);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var screenshots = Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        var (exitCode, stdout, stderr) = await NodeScript.RunAsync(scriptFolder, "console-test.mjs", [], ScriptTimeout, new Dictionary<string, string>
        {
            ["CONSOLE_ADMIN_URL"] = stack.Admin.ToString(),
            ["CONSOLE_ADMIN_TOKEN"] = ConsoleStack.AdminToken,
            ["CONSOLE_SCREENSHOTS"] = screenshots,
            ["CONSOLE_ROUTER"] = "demo",
            ["CONSOLE_PROMPT"] = ConsoleStack.CodeReviewPrompt,
            ["CONSOLE_EXPECT_TASK"] = expectedTask,
            ["CONSOLE_EXPECT_MODEL"] = expectedModel,
            // The traffic, the request that told the expected model, and the Playground's Send.
            ["CONSOLE_MIN_REQUESTS"] = (traffic.Length + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var summaryLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        Assert.True(summaryLine is not null && summaryLine.StartsWith('{'), $"no JSON summary (exit {exitCode}): {stdout}\n{stderr}");
        using var summary = JsonDocument.Parse(summaryLine);
        var failed = summary.RootElement.GetProperty("steps").EnumerateArray()
            .Where(s => !s.GetProperty("ok").GetBoolean())
            .Select(s => $"{s.GetProperty("name").GetString()}: {s.GetProperty("error").GetString()}")
            .ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed) + "\n" + stderr);
        Assert.True(summary.RootElement.GetProperty("ok").GetBoolean(), stdout + "\n" + stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal(10, summary.RootElement.GetProperty("steps").GetArrayLength());
        foreach (var name in new[] { "console-playground", "console-routers", "console-analyze" })
            Assert.True(new FileInfo(Path.Combine(screenshots, name + ".png")).Length > 1000, $"{name}.png was not saved");
    }
}
