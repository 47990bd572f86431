using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ExtProcRouter.Configuration;
using ExtProcRouter.Cost;
using ExtProcRouter.Evaluation;
using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Cli;

/// <summary>
/// <c>extproc-router simulate-cost (--decisions LOG.jsonl | --data CASES.jsonl... (--router NAME | --route task=model...
/// --default-model M) [--classifier NAME]) --prices router.yaml --baseline MODEL [--output-tokens N] [--report OUT.md]</c>:
/// what routed traffic cost against sending all of it to one model, with no upstream. Decisions come from a decision
/// log (real tokens), or from routing data (estimated tokens): by default each case's expected task is mapped to a
/// model (a perfectly classifying router); with <c>--classifier</c> a real classifier decides, run by the eval
/// machinery; with <c>--router</c> the cases are offered that router's tasks instead of their own and each decision
/// goes to the model the router would serve.
/// </summary>
public static class CostSimulationCommand
{
    public const int DefaultOutputTokens = 300;

    /// <param name="classifiers">Classifiers <c>--classifier</c> may name; null = the eval command's built-in ones.</param>
    public static Command Create(TextWriter? output = null, TextWriter? errors = null,
        IReadOnlyDictionary<string, ClassifierFactory>? classifiers = null)
    {
        classifiers ??= EvalCommand.BuiltInClassifiers();
        var decisions = new Option<FileInfo?>("--decisions") { Description = "Decision log (JSON lines written by the sidecar's decision log)." };
        var data = new Option<string[]>("--data")
        {
            Description = "Routing data (DESIGN §5), files or folders; each case is routed by its expected task through --route, or see --classifier and --router.",
            AllowMultipleArgumentsPerToken = true,
        };
        var classifier = new Option<string?>("--classifier", "-c")
        {
            Description = "Route --data by this classifier's decisions instead of the expected task (default with --router: the config's intent_model).",
        };
        classifier.AcceptOnlyFromAmong([.. classifiers.Keys.Order(StringComparer.Ordinal)]);
        var router = new Option<string?>("--router")
        {
            Description = "Offer --data cases this router's tasks (from --prices) and price the model it would serve for each decision.",
        };
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
            decisions, data, classifier, router, prices, baseline, routes, defaultModel, outputTokens, report,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = output ?? Console.Out;
            var stderr = errors ?? Console.Error;
            try
            {
                var config = RouterConfigLoader.LoadFile(parse.GetValue(prices)!.FullName, _ => null);
                var table = ModelPrice.TableOf(config);
                List<SimulatedRequest> requests;
                var skipped = 0;
                var decisionFile = parse.GetValue(decisions);
                var dataPaths = parse.GetValue(data) ?? [];
                if ((decisionFile is null) == (dataPaths.Length == 0))
                    throw new CostSimulationException("give exactly one of --decisions and --data");
                var routerName = parse.GetValue(router);
                var classifierName = parse.GetValue(classifier);
                if (decisionFile is not null)
                {
                    if (routerName is not null || classifierName is not null)
                        throw new CostSimulationException("--router and --classifier route --data; a decision log is already routed");
                    (requests, skipped) = SimulatedRequestLoader.FromDecisionLog(
                        await File.ReadAllLinesAsync(decisionFile.FullName, cancellationToken).ConfigureAwait(false), decisionFile.Name);
                }
                else if (routerName is not null)
                {
                    if ((parse.GetValue(routes) ?? []).Length > 0 || parse.GetValue(defaultModel) is not null)
                        throw new CostSimulationException("--router decides the models itself: leave out --route and --default-model");
                    if (!config.TryFindRouter(routerName, out var definition))
                        throw new CostSimulationException($"router '{routerName}' is not in {parse.GetValue(prices)!.Name}");
                    var taskModels = new RouterTaskModels(definition);
                    var name = classifierName ?? config.Routing.IntentModel.Classifier;
                    if (!classifiers.ContainsKey(name))
                        throw new CostSimulationException($"classifier '{name}' is not one of {string.Join(", ", classifiers.Keys.Order(StringComparer.Ordinal))}");
                    // The router's tasks replace each case's own routes: the classifier sees what the sidecar would offer it.
                    var cases = LoadCases(dataPaths).Select(c => c with { Routes = definition.Routes }).ToList();
                    var outcomes = await ClassifyAsync(classifiers[name], cases, stderr, cancellationToken).ConfigureAwait(false);
                    requests = SimulatedRequestLoader.FromClassifierOutcomes(outcomes, taskModels.ModelFor, parse.GetValue(outputTokens));
                }
                else
                {
                    var fallback = parse.GetValue(defaultModel) ?? throw new CostSimulationException("--data needs --default-model (or --router)");
                    var taskModels = ParseRoutes(parse.GetValue(routes) ?? []);
                    var cases = LoadCases(dataPaths);
                    if (classifierName is null)
                    {
                        requests = SimulatedRequestLoader.FromRoutingData(cases, taskModels, fallback, parse.GetValue(outputTokens));
                    }
                    else
                    {
                        var outcomes = await ClassifyAsync(classifiers[classifierName], cases, stderr, cancellationToken).ConfigureAwait(false);
                        requests = SimulatedRequestLoader.FromClassifierOutcomes(outcomes,
                            task => taskModels.TryGetValue(task, out var model) ? model : fallback, parse.GetValue(outputTokens));
                    }
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

    private static List<RoutingCase> LoadCases(IEnumerable<string> paths)
    {
        var cases = new List<RoutingCase>();
        foreach (var file in EvalCommand.ExpandDataPaths(paths))
        {
            if (!file.Exists) throw new CostSimulationException($"routing data file '{file.FullName}' does not exist");
            cases.AddRange(RoutingCaseLoader.ReadFile(file.FullName));
        }
        return cases;
    }

    /// <summary>Runs the classifier over the cases with the eval runner (trim, then classify, as the sidecar does).</summary>
    private static async Task<IReadOnlyList<CaseOutcome>> ClassifyAsync(ClassifierFactory factory, List<RoutingCase> cases, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        IIntentClassifier classifier;
        try
        {
            classifier = await factory(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new CostSimulationException($"the classifier failed to load: {exception.Message}", exception);
        }
        var started = Stopwatch.GetTimestamp();
        var result = await new EvaluationRunner().RunAsync(classifier, cases, null, "", cancellationToken).ConfigureAwait(false);
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"simulate-cost: {classifier.Name} classified {cases.Count} cases in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s")).ConfigureAwait(false);
        return result.Outcomes;
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
