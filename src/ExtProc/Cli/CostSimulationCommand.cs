using System.CommandLine;
using ExtProcRouter.Configuration;
using ExtProcRouter.Cost;
using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router simulate-cost (--decisions LOG.jsonl | --data CASES.jsonl --route task=model... --default-model M)
/// --prices router.yaml --baseline MODEL [--output-tokens N] [--report OUT.md]</c>: what routed traffic cost against
/// sending all of it to one model, with no upstream. Decisions come from a decision log (real tokens) or from routing
/// data whose expected task is mapped to a model (a perfectly classifying router, estimated tokens).
/// </summary>
public static class CostSimulationCommand
{
    public const int DefaultOutputTokens = 300;

    public static Command Create(TextWriter? output = null, TextWriter? errors = null)
    {
        var decisions = new Option<FileInfo?>("--decisions") { Description = "Decision log (JSON lines written by the sidecar's decision log)." };
        var data = new Option<FileInfo?>("--data") { Description = "Routing data (DESIGN §5); each case is routed by its expected task through --route." };
        var prices = new Option<FileInfo>("--prices")
        {
            Description = "Router YAML whose models carry input/output prices per 1M tokens.",
            DefaultValueFactory = _ => new FileInfo("config/router.yaml"),
        };
        var baseline = new Option<string>("--baseline") { Description = "The one model to compare against.", Required = true };
        var routes = new Option<string[]>("--route") { Description = "task=model for --data (repeatable).", AllowMultipleArgumentsPerToken = true };
        var defaultModel = new Option<string?>("--default-model") { Description = "Model for --data tasks without a --route (and for 'other')." };
        var outputTokens = new Option<int>("--output-tokens")
        {
            Description = "Assumed answer length for --data, in tokens.",
            DefaultValueFactory = _ => DefaultOutputTokens,
        };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the markdown table to this file." };

        var command = new Command("simulate-cost", "Cost of routed traffic vs one baseline model, from routing decisions and a price table (no upstream).")
        {
            decisions, data, prices, baseline, routes, defaultModel, outputTokens, report,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = output ?? Console.Out;
            var stderr = errors ?? Console.Error;
            try
            {
                var table = ModelPrice.TableOf(RouterConfigLoader.LoadFile(parse.GetValue(prices)!.FullName, _ => null));
                List<SimulatedRequest> requests;
                var skipped = 0;
                var decisionFile = parse.GetValue(decisions);
                var dataFile = parse.GetValue(data);
                if ((decisionFile is null) == (dataFile is null))
                    throw new CostSimulationException("give exactly one of --decisions and --data");
                if (decisionFile is not null)
                {
                    (requests, skipped) = SimulatedRequestLoader.FromDecisionLog(
                        await File.ReadAllLinesAsync(decisionFile.FullName, cancellationToken).ConfigureAwait(false), decisionFile.Name);
                }
                else
                {
                    var fallback = parse.GetValue(defaultModel) ?? throw new CostSimulationException("--data needs --default-model");
                    requests = SimulatedRequestLoader.FromRoutingData(RoutingCaseLoader.ReadFile(dataFile!.FullName),
                        ParseRoutes(parse.GetValue(routes) ?? []), fallback, parse.GetValue(outputTokens));
                }

                var result = CostSimulation.Run(requests, table, parse.GetValue(baseline)!, skipped);
                var markdown = CostSimulationMarkdown.Render(result);
                await stdout.WriteAsync(markdown.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(report) is { } reportFile)
                    await File.WriteAllTextAsync(reportFile.FullName, markdown, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception exception) when (exception is CostSimulationException or ConfigurationException or RoutingDataException
                                                  or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"simulate-cost: {exception.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static Dictionary<string, string> ParseRoutes(IEnumerable<string> routes)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            var equals = route.IndexOf('=');
            if (equals <= 0 || equals == route.Length - 1) throw new CostSimulationException($"--route '{route}': expected task=model");
            map[route[..equals]] = route[(equals + 1)..];
        }
        return map;
    }
}
