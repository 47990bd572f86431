using System.Text.Json;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Evaluation;

namespace ExtProcRouter.Cost;

/// <summary>Reads the routing decisions a cost simulation prices.</summary>
public static class SimulatedRequestLoader
{
    /// <summary>Rough chars-per-token of English and code for the BPE vocabularies of current models.</summary>
    public const double CharactersPerToken = 4.0;

    /// <summary>
    /// A decision log (one <see cref="DecisionLogLine"/> per line): the served model and the tokens the provider
    /// reported. Lines without a model or without token counts (rejected, incomplete) are counted in skipped.
    /// </summary>
    public static (List<SimulatedRequest> Requests, int Skipped) FromDecisionLog(IEnumerable<string> lines, string source)
    {
        var requests = new List<SimulatedRequest>();
        var skipped = 0;
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var model = StringOf(root, DecisionLogFields.Model);
                var input = NumberOf(root, DecisionLogFields.InputTokens);
                var output = NumberOf(root, DecisionLogFields.OutputTokens);
                if (model is null || (input is null && output is null))
                {
                    skipped++;
                    continue;
                }
                requests.Add(new SimulatedRequest(model, input ?? 0, output ?? 0, StringOf(root, DecisionLogFields.Task)));
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                throw new CostSimulationException($"{source}:{number}: not a decision log line ({exception.Message})", exception);
            }
        }
        return (requests, skipped);
    }

    /// <summary>
    /// Routing data (DESIGN §5) with the decision taken from each case's expected task through
    /// <paramref name="taskModels"/> (tasks not listed, and <c>other</c>, go to <paramref name="defaultModel"/>): the
    /// cost of a router that classifies perfectly. Input tokens are estimated from the conversation's characters;
    /// every answer is assumed to be <paramref name="outputTokens"/> long.
    /// </summary>
    public static List<SimulatedRequest> FromRoutingData(IEnumerable<RoutingCase> cases, IReadOnlyDictionary<string, string> taskModels,
        string defaultModel, int outputTokens)
    {
        var requests = new List<SimulatedRequest>();
        foreach (var routingCase in cases)
        {
            var model = taskModels.TryGetValue(routingCase.Expected, out var mapped) ? mapped : defaultModel;
            requests.Add(new SimulatedRequest(model, EstimatedInputTokens(routingCase), outputTokens, routingCase.Expected));
        }
        return requests;
    }

    /// <summary>
    /// Routing data routed by a real classifier's decisions (the <c>eval</c> runner's outcomes) instead of the expected
    /// task: each predicted task goes to <paramref name="modelOfTask"/>'s model. Tokens are estimated as for
    /// <see cref="FromRoutingData"/>. A case the classifier failed on is routed like <c>other</c>, as the sidecar would.
    /// </summary>
    public static List<SimulatedRequest> FromClassifierOutcomes(IEnumerable<CaseOutcome> outcomes, Func<string, string> modelOfTask,
        int outputTokens)
    {
        var requests = new List<SimulatedRequest>();
        foreach (var outcome in outcomes)
        {
            var task = outcome.Error is null ? outcome.Predicted : IntentModel.IntentDecision.Other;
            requests.Add(new SimulatedRequest(modelOfTask(task), EstimatedInputTokens(outcome.Case), outputTokens, task));
        }
        return requests;
    }

    private static long EstimatedInputTokens(RoutingCase routingCase) =>
        (long)Math.Ceiling(routingCase.Messages.Sum(turn => turn.Text.Length) / CharactersPerToken);

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? NumberOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
