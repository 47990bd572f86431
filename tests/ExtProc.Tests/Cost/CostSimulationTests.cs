using ExtProcRouter.Cost;

namespace ExtProcRouter.Tests.Cost;

public class CostSimulationTests
{
    private static readonly Dictionary<string, ModelPrice> Prices = new()
    {
        ["cheap"] = new ModelPrice(0.10m, 0.40m),
        ["frontier"] = new ModelPrice(3.00m, 15.00m),
    };

    [Fact]
    public void Routed_and_baseline_costs_are_summed_per_model_and_the_saving_is_relative_to_the_baseline()
    {
        var result = CostSimulation.Run(
        [
            new SimulatedRequest("cheap", 1_000_000, 1_000_000),
            new SimulatedRequest("cheap", 1_000_000, 0),
            new SimulatedRequest("frontier", 0, 1_000_000),
        ], Prices, "frontier");

        // cheap: 2M in * 0.10 + 1M out * 0.40 = 0.60; on frontier: 2M * 3 + 1M * 15 = 21. frontier row: 15 both ways.
        var cheap = Assert.Single(result.Rows, r => r.Model == "cheap");
        Assert.Equal((2, 2_000_000L, 1_000_000L, 0.60m, 21m), (cheap.Requests, cheap.InputTokens, cheap.OutputTokens, cheap.RoutedCost, cheap.BaselineCost));
        Assert.Equal("frontier", result.Rows[0].Model);
        Assert.Equal(15.60m, result.RoutedCost);
        Assert.Equal(36m, result.BaselineCost);
        Assert.Equal(1m - 15.60m / 36m, result.Savings);
    }

    [Fact]
    public void Unpriced_models_are_errors_that_name_the_model()
    {
        var unknownBaseline = Assert.Throws<CostSimulationException>(() => CostSimulation.Run([], Prices, "mystery"));
        Assert.Contains("mystery", unknownBaseline.Message);
        var unknownRouted = Assert.Throws<CostSimulationException>(() =>
            CostSimulation.Run([new SimulatedRequest("ghost", 1, 1)], Prices, "frontier"));
        Assert.Contains("ghost", unknownRouted.Message);
    }

    [Fact]
    public void The_markdown_table_has_a_row_per_model_a_total_and_the_saving()
    {
        var result = CostSimulation.Run([new SimulatedRequest("cheap", 1_000_000, 0), new SimulatedRequest("frontier", 1_000_000, 0)],
            Prices, "frontier", skipped: 2);

        var markdown = CostSimulationMarkdown.Render(result);

        Assert.Contains("| routed model | requests | share | input tokens | output tokens | routed cost (USD) | all on frontier (USD) |", markdown);
        Assert.Contains("| frontier | 1 | 50.0% | 1000000 | 0 | 3.000000 | 3.000000 |", markdown);
        Assert.Contains("| cheap | 1 | 50.0% | 1000000 | 0 | 0.100000 | 3.000000 |", markdown);
        Assert.Contains("| **total** | 2 | 100.0% | 2000000 | 0 | 3.100000 | 6.000000 |", markdown);
        Assert.Contains("Routing saves 48.3% against sending everything to frontier.", markdown);
        Assert.Contains("2 records without a model or token counts were skipped.", markdown);
    }

    [Fact]
    public void Decision_log_lines_without_a_model_or_tokens_are_skipped_and_bad_lines_name_their_place()
    {
        var (requests, skipped) = SimulatedRequestLoader.FromDecisionLog(
        [
            """{"model":"cheap","task":"chat","input_tokens":94,"output_tokens":80}""",
            """{"model":null,"input_tokens":null,"output_tokens":null,"status":404}""",
            "",
            """{"model":"frontier","input_tokens":null,"output_tokens":null}""",
        ], "log.jsonl");

        Assert.Equal([new SimulatedRequest("cheap", 94, 80, "chat")], requests);
        Assert.Equal(2, skipped);
        var error = Assert.Throws<CostSimulationException>(() => SimulatedRequestLoader.FromDecisionLog(["{}", "{oops"], "log.jsonl"));
        Assert.StartsWith("log.jsonl:2:", error.Message);
    }
}
